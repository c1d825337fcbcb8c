import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { AppError } from '@/lib/errors';

export const KB = 1024;
export const MB = 1024 * KB;
/** How much of an error answer is read for its message. */
const ERROR_BODY_BYTES = 64 * KB;

export type RawAnswer = { status: number; headers: Headers; body: Buffer; url: URL };

export type CallOptions = {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  /** The most a successful answer may hold; a larger one is an error, not read to the end. */
  maxBytes: number;
  timeoutMs: number;
  /** Who answers and what was asked, for messages: `registry hub`, `GET /v2/_catalog`. */
  who: string;
  what: string;
};

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens at that address',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve (DNS lookup failed)',
  EHOSTUNREACH: 'the host is unreachable on the network',
  ENETUNREACH: 'the network is unreachable',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ETIMEDOUT: 'timed out connecting',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: the certificate is signed by an unknown CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: the certificate is signed by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS: the certificate is signed by an unknown CA',
  CERT_HAS_EXPIRED: 'TLS: the certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: the certificate is not issued for this host name',
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS: the address does not speak TLS; is it a plain-HTTP port?',
  EPROTO: 'TLS: the handshake failed',
  HPE_INVALID_CONSTANT: 'the answer is not HTTP',
  HPE_INVALID_HEADER_TOKEN: 'the answer is not valid HTTP',
};

const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

function errorCode(error: unknown): string | null {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
    const nested = (e as { errors?: unknown[] }).errors;
    e = (e as { cause?: unknown }).cause ?? (Array.isArray(nested) ? nested[0] : undefined);
  }
  return null;
}

/** A failed connection as a message a person can act on. */
export function networkError(error: unknown, who: string, what: string): AppError {
  const code = errorCode(error);
  const reason = (code && NETWORK_CODES[code]) ?? `the request failed (${code ?? 'network error'})`;
  return new AppError('HOST_UNREACHABLE', `${who}: ${what}: ${reason}`);
}

function tooLarge(opts: CallOptions): AppError {
  return new AppError(
    'HOST_UNREACHABLE',
    `${opts.who}: ${opts.what}: the answer is larger than ${Math.round(opts.maxBytes / MB)} MB; Wharf does not read it`,
  );
}

/**
 * Kept-alive connections per protocol, shared by every registry call: a registry that answers many
 * digest lookups pays one TCP and TLS handshake per connection, not per lookup.
 */
const globalForAgents = globalThis as unknown as {
  wharfRegistryAgents?: { http: http.Agent; https: https.Agent };
};
globalForAgents.wharfRegistryAgents ??= {
  http: new http.Agent({ keepAlive: true, maxSockets: 16 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 16 }),
};
const agents = globalForAgents.wharfRegistryAgents;

function toHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** Reads a body up to `max` bytes; past that, `strict` fails and otherwise the rest is dropped. */
async function readCapped(
  res: http.IncomingMessage,
  max: number,
  strict: boolean,
  opts: CallOptions,
): Promise<Buffer> {
  const declared = Number(res.headers['content-length'] ?? Number.NaN);
  if (strict && declared > max) {
    res.destroy();
    throw tooLarge(opts);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > max) {
      res.destroy();
      if (strict) throw tooLarge(opts);
      chunks.push(chunk.subarray(0, chunk.byteLength - (total - max)));
      break;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(url: URL, method: string, headers: Record<string, string>, signal: AbortSignal, fresh = false) {
  const secure = url.protocol === 'https:';
  return new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = (secure ? https : http).request(
      url,
      { method, headers, agent: fresh ? false : secure ? agents.https : agents.http, signal },
      resolve,
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * One HTTP exchange under a deadline that covers the connection, the headers and the body. Redirects
 * are never followed here: the caller decides where a `Location` may lead.
 */
export async function httpCall(url: URL, opts: CallOptions): Promise<RawAnswer> {
  const method = opts.method ?? 'GET';
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, opts.timeoutMs);
  const headers = { 'user-agent': 'wharf', ...opts.headers };
  try {
    // A kept-alive connection the server closed while idle fails at once; a new connection is tried once.
    const res = await send(url, method, headers, controller.signal).catch((error: unknown) => {
      if (timedOut || !STALE_CONNECTION.has(errorCode(error) ?? '')) throw error;
      return send(url, method, headers, controller.signal, true);
    });
    const status = res.statusCode ?? 0;
    let body: Buffer;
    if (method === 'HEAD' || (status >= 300 && status < 400)) {
      res.resume();
      body = Buffer.alloc(0);
    } else {
      const ok = status >= 200 && status < 300;
      body = await readCapped(res, ok ? opts.maxBytes : ERROR_BODY_BYTES, ok, opts);
    }
    return { status, headers: toHeaders(res.headers), body, url };
  } catch (error) {
    if (timedOut) {
      throw new AppError('HOST_TIMEOUT', `${opts.who}: ${opts.what}: no answer within ${opts.timeoutMs} ms`);
    }
    if (error instanceof AppError) throw error;
    throw networkError(error, opts.who, opts.what);
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON body of an answer; anything else is the registry's fault, said plainly. */
export function jsonBody(answer: RawAnswer, who: string, what: string): unknown {
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    throw new AppError('HOST_UNREACHABLE', `${who}: ${what}: the answer is not valid JSON`);
  }
}

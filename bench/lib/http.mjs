// A small keep-alive HTTP client: full body read, timing from request to last byte.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

/**
 * A target is where requests go: `{ kind: 'unix', socketPath }`, `{ kind: 'tcp', host, port }` or
 * `{ kind: 'tls', host, port, ca, cert, key }`. Each target gets one long-lived keep-alive agent,
 * the way Wharf keeps one client per host (`keepAlive: false`: a new connection for every request).
 */
export function makeTarget(spec, { keepAlive = true } = {}) {
  const options = { keepAlive, maxSockets: 32 };
  if (spec.kind === 'tls') {
    return {
      ...spec,
      module: https,
      agent: new https.Agent({ ...options, ca: spec.ca, cert: spec.cert, key: spec.key }),
    };
  }
  return { ...spec, module: http, agent: new http.Agent(options) };
}

export function closeTarget(target) {
  target.agent.destroy();
}

export function describeTarget(target) {
  if (target.kind === 'unix') return `unix://${target.socketPath}`;
  return `${target.kind === 'tls' ? 'tcp+tls' : 'tcp'}://${target.host}:${target.port}`;
}

/**
 * Sends one request and reads the whole answer. Resolves `{ status, headers, body, ms, t0, t1, reused }`
 * (t0/t1 in epoch ms; `reused`: it went out on a kept-alive connection).
 */
export function send(target, { method = 'GET', path, headers = {}, body, timeoutMs = 60_000 }) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const started = performance.now();
    const t0 = performance.timeOrigin + started;
    const req = target.module.request(
      {
        agent: target.agent,
        method,
        path,
        ...(target.kind === 'unix'
          ? { socketPath: target.socketPath }
          : { host: target.host, port: target.port }),
        headers: { ...(payload ? { 'content-length': String(payload.length) } : {}), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
            t0,
            t1: performance.timeOrigin + performance.now(),
            reused: req.reusedSocket,
          }),
        );
        res.on('error', failed);
      },
    );
    // `error.reused`: the request went out on a kept-alive connection, where a reset is the race of a
    // reused idle socket with the server closing it, which a browser answers by sending it again.
    const failed = (error) => reject(Object.assign(error, { reused: req.reusedSocket }));
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)),
    );
    req.on('error', failed);
    req.end(payload);
  });
}

/** Like `send`, but parses JSON (inside the timing, since every consumer has to) and fails on non-2xx. */
export async function sendJson(target, opts) {
  const headers = {
    accept: 'application/json',
    ...(opts.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...opts.headers,
  };
  const started = performance.now();
  const res = await send(target, {
    ...opts,
    headers,
    body: opts.json !== undefined ? JSON.stringify(opts.json) : opts.body,
  });
  const text = res.body.toString('utf8');
  let data;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  const ms = performance.now() - started;
  const t1 = performance.timeOrigin + performance.now();
  if (res.status < 200 || res.status >= 300) {
    const detail =
      typeof data === 'object' && data ? JSON.stringify(data).slice(0, 300) : String(text).slice(0, 300);
    const error = new Error(`${opts.method ?? 'GET'} ${opts.path} -> ${res.status}: ${detail}`);
    error.status = res.status;
    throw error;
  }
  return { ...res, data, ms, t1 };
}

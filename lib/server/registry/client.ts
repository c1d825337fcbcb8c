import 'server-only';
import { AppError } from '@/lib/errors';
import { authorizationFor, learnChallenge, RegistryAuthError } from './auth';
import type { RegistryConn } from './conn';
import { retryAfterSeconds, scopeForPath } from './headers';
import { httpCall, jsonBody, MB, type RawAnswer } from './http';

const MAX_REDIRECTS = 5;

export type RegistryRequest = {
  method?: 'GET' | 'HEAD';
  accept?: string;
  /** The most a successful answer may hold (4 MB unless said). */
  maxBytes?: number;
  /** The message of a 404, e.g. `registry hub has no repository team/app`. */
  notFound?: string;
};

/** The path under the registry's base URL, e.g. `/v2/team/app/tags/list` for `https://r/mirror/v2/...`. */
function v2PathOf(conn: RegistryConn, url: URL): string {
  const basePath = new URL(conn.base).pathname.replace(/\/+$/, '');
  return url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
}

/** Resolves a path or a link the registry sent; anything off the registry's origin is refused. */
export function registryUrl(conn: RegistryConn, target: string, from?: URL): URL {
  const url = target.startsWith('/v2/') && !from ? new URL(conn.base + target) : new URL(target, from);
  if (url.origin !== conn.origin) {
    throw new AppError(
      'HOST_UNREACHABLE',
      `registry ${conn.name} pointed Wharf to another host (${url.host}); Wharf only follows links and redirects within the registry, so the credentials are not sent elsewhere`,
    );
  }
  return url;
}

/** The registry's own error text (`{ errors: [{ code, message }] }`), or empty. */
function registryDetail(answer: RawAnswer): string {
  try {
    const body = JSON.parse(answer.body.toString('utf8')) as { errors?: unknown };
    if (!Array.isArray(body.errors)) return '';
    const parts = body.errors
      .slice(0, 3)
      .map((e) => {
        const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown };
        return [code, message].filter((x) => typeof x === 'string' && x).join(' ');
      })
      .filter(Boolean);
    return parts.length ? `: ${parts.join('; ').slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

function statusError(conn: RegistryConn, answer: RawAnswer, what: string, notFound?: string): AppError {
  const status = answer.status;
  const detail = registryDetail(answer);
  const who = `registry ${conn.name}`;
  if (status === 401) {
    return new RegistryAuthError(
      'HOST_UNREACHABLE',
      conn.username
        ? `${who} refused the credentials (401) for ${what}${detail}`
        : `${who} needs credentials (401) for ${what}: add a username and password`,
    );
  }
  if (status === 403) {
    return new RegistryAuthError(
      'HOST_UNREACHABLE',
      `${who} refused the credentials (403 Forbidden) for ${what}${detail}`,
    );
  }
  if (status === 404) return new AppError('NOT_FOUND', `${notFound ?? `${who} has no ${what}`}${detail}`);
  if (status === 429) {
    const seconds = retryAfterSeconds(answer.headers.get('retry-after'));
    return new AppError(
      'RATE_LIMITED',
      `${who} is rate limiting Wharf (429)${seconds !== null ? `; retry after ${seconds} s` : ''}`,
      seconds !== null ? { retryAfterSeconds: seconds } : undefined,
    );
  }
  if (status >= 300 && status < 400) {
    return new AppError(
      'HOST_UNREACHABLE',
      `${who} answered ${what} with a redirect (${status}) but no Location`,
    );
  }
  if (status === 400) return new AppError('BAD_INPUT', `${who} refused ${what} as bad input${detail}`);
  if (status >= 500) return new AppError('HOST_UNREACHABLE', `${who} failed on ${what} (${status})${detail}`);
  return new AppError('HOST_UNREACHABLE', `${who} answered ${what} with ${status}${detail}`);
}

/**
 * One request to a registry's API: the registry's deadline on each exchange, basic or bearer auth,
 * redirects followed only within the registry's origin, and every failure as an AppError that names
 * the registry. `target` is a `/v2/...` path or a link the registry sent.
 */
export async function registryRequest(
  conn: RegistryConn,
  target: string | URL,
  options: RegistryRequest = {},
): Promise<RawAnswer> {
  let url = typeof target === 'string' ? registryUrl(conn, target) : registryUrl(conn, target.href);
  const method = options.method ?? 'GET';
  const what = `${method} ${v2PathOf(conn, url)}`;
  let scope = scopeForPath(v2PathOf(conn, url));
  let retriedAuth = false;
  for (let redirects = 0; ; ) {
    const authorization = await authorizationFor(conn, scope);
    const headers: Record<string, string> = {};
    if (options.accept) headers.accept = options.accept;
    // The origin was checked above and on every redirect: credentials only go to the registry itself.
    if (authorization) headers.authorization = authorization;
    const answer = await httpCall(url, {
      method,
      headers,
      maxBytes: options.maxBytes ?? 4 * MB,
      timeoutMs: conn.timeoutMs,
      who: `registry ${conn.name}`,
      what,
    });
    if (answer.status >= 200 && answer.status < 300) return answer;
    const location = answer.headers.get('location');
    if (answer.status >= 300 && answer.status < 400 && location) {
      if (++redirects > MAX_REDIRECTS) {
        throw new AppError('HOST_UNREACHABLE', `registry ${conn.name}: ${what}: too many redirects`);
      }
      url = registryUrl(conn, location, url);
      continue;
    }
    if (answer.status === 401 && !retriedAuth) {
      retriedAuth = true;
      const next = learnChallenge(conn, answer.headers.get('www-authenticate'), scope, authorization);
      if (next !== null) {
        scope = next;
        continue;
      }
    }
    throw statusError(conn, answer, what, options.notFound);
  }
}

/** A GET whose answer must be JSON. */
export async function registryJson(
  conn: RegistryConn,
  target: string | URL,
  options: RegistryRequest = {},
): Promise<{ answer: RawAnswer; body: unknown }> {
  const answer = await registryRequest(conn, target, options);
  return { answer, body: jsonBody(answer, `registry ${conn.name}`, `GET ${answer.url.pathname}`) };
}

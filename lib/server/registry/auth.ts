import 'server-only';
import { AppError } from '@/lib/errors';
import type { RegistryConn } from './conn';
import { parseWwwAuthenticate } from './headers';
import { httpCall, jsonBody, MB } from './http';

/**
 * The registry's credentials were refused, or its token realm may not be followed. A browse answers it
 * as a registry error (502); the test before saving answers it as bad input (400).
 */
export class RegistryAuthError extends AppError {}

export type BearerChallenge = { realm: string; service: string | null };

type CachedToken = { token: string; expiresAt: number };

const DEFAULT_TOKEN_SECONDS = 60;
const MAX_ENTRIES = 2000;

type AuthState = {
  /** What each registry answered its last 401 with: it asks for basic auth or bearer tokens. */
  schemes: Map<string, 'basic' | BearerChallenge>;
  tokens: Map<string, CachedToken>;
  pending: Map<string, Promise<CachedToken>>;
};
const globalForAuth = globalThis as unknown as { wharfRegistryAuth?: AuthState };
globalForAuth.wharfRegistryAuth ??= { schemes: new Map(), tokens: new Map(), pending: new Map() };
const state = globalForAuth.wharfRegistryAuth;

function basicHeader(conn: RegistryConn): string | null {
  if (!conn.username) return null;
  return `Basic ${Buffer.from(`${conn.username}:${conn.password ?? ''}`).toString('base64')}`;
}

function tokenKey(conn: RegistryConn, challenge: BearerChallenge, scope: string): string {
  return [conn.key, challenge.realm, challenge.service ?? '', scope].join('\n');
}

function prune(): void {
  if (state.tokens.size < MAX_ENTRIES) return;
  const now = Date.now();
  for (const [key, t] of state.tokens) if (t.expiresAt <= now) state.tokens.delete(key);
  if (state.tokens.size >= MAX_ENTRIES) state.tokens.clear();
  if (state.schemes.size >= MAX_ENTRIES) state.schemes.clear();
}

/**
 * Checks that a token realm may be contacted: an http(s) URL on the registry's own host or on one the
 * admin listed, and not plain HTTP for an HTTPS registry. Nothing is sent to a realm that fails this.
 */
export function checkRealm(conn: RegistryConn, realm: string): URL {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new RegistryAuthError('HOST_UNREACHABLE', `registry ${conn.name}: the token realm is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RegistryAuthError(
      'HOST_UNREACHABLE',
      `registry ${conn.name}: the token realm uses ${url.protocol}; only http(s) is followed`,
    );
  }
  if (url.username || url.password) {
    throw new RegistryAuthError(
      'HOST_UNREACHABLE',
      `registry ${conn.name}: the token realm carries credentials in its URL; Wharf does not follow it`,
    );
  }
  const host = url.host.toLowerCase();
  if (host !== conn.host && !conn.tokenHosts.includes(host)) {
    throw new RegistryAuthError(
      'HOST_UNREACHABLE',
      `registry ${conn.name} sends clients to a token service at ${host}, which is neither the registry's own host (${conn.host}) nor one of its token hosts; Wharf sent it nothing. Add ${host} to the registry's token hosts if you trust it.`,
    );
  }
  if (url.protocol === 'http:' && conn.base.startsWith('https:')) {
    throw new RegistryAuthError(
      'HOST_UNREACHABLE',
      `registry ${conn.name}: the token realm ${host} is plain HTTP for an HTTPS registry; Wharf does not send credentials over it`,
    );
  }
  return url;
}

function tokenError(conn: RegistryConn, host: string, status: number, detail: string): AppError {
  const who = `registry ${conn.name}: the token service at ${host}`;
  if (status === 401 || status === 403) {
    return new RegistryAuthError(
      'HOST_UNREACHABLE',
      conn.username
        ? `${who} refused the credentials (${status})${detail}`
        : `${who} refused an anonymous token (${status}): add a username and password`,
    );
  }
  if (status === 429) return new AppError('RATE_LIMITED', `${who} is rate limiting Wharf (429)`);
  if (status >= 300 && status < 400) {
    return new AppError('HOST_UNREACHABLE', `${who} answered with a redirect, which Wharf does not follow`);
  }
  return new AppError('HOST_UNREACHABLE', `${who} answered ${status}${detail}`);
}

async function fetchToken(
  conn: RegistryConn,
  challenge: BearerChallenge,
  scope: string,
): Promise<CachedToken> {
  const url = checkRealm(conn, challenge.realm);
  if (challenge.service) url.searchParams.set('service', challenge.service);
  for (const s of scope.split(' ').filter(Boolean)) url.searchParams.append('scope', s);
  if (conn.username) url.searchParams.set('account', conn.username);
  const headers: Record<string, string> = { accept: 'application/json' };
  const basic = basicHeader(conn);
  if (basic) headers.authorization = basic;
  const who = `registry ${conn.name}: the token service at ${url.host}`;
  const answer = await httpCall(url, {
    headers,
    maxBytes: MB,
    timeoutMs: conn.timeoutMs,
    who,
    what: `token${scope ? ` for ${scope}` : ''}`,
  });
  if (answer.status < 200 || answer.status >= 300) {
    const text = answer.body.toString('utf8').slice(0, 200).replace(/\s+/g, ' ').trim();
    const detail = /^[\x20-\x7e]*$/.test(text) && text && !text.startsWith('<') ? `: ${text}` : '';
    throw tokenError(conn, url.host, answer.status, detail);
  }
  const body = jsonBody(answer, who, 'token') as Record<string, unknown> | null;
  const token = body?.token ?? body?.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new AppError('HOST_UNREACHABLE', `${who} answered without a token`);
  }
  const seconds =
    typeof body?.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : DEFAULT_TOKEN_SECONDS;
  // Renew a little early so a token does not expire between the check and its use.
  const margin = Math.min(10_000, seconds * 100);
  return { token, expiresAt: Date.now() + seconds * 1000 - margin };
}

/** A bearer token for the scope, from the cache while it lasts; concurrent asks share one request. */
async function bearerToken(conn: RegistryConn, challenge: BearerChallenge, scope: string): Promise<string> {
  const key = tokenKey(conn, challenge, scope);
  const cached = state.tokens.get(key);
  if (cached && cached.expiresAt > Date.now()) return cached.token;
  let pending = state.pending.get(key);
  if (!pending) {
    pending = fetchToken(conn, challenge, scope).finally(() => state.pending.delete(key));
    state.pending.set(key, pending);
  }
  const fresh = await pending;
  prune();
  state.tokens.set(key, fresh);
  return fresh.token;
}

/** The Authorization header for a request to the registry itself, or null to ask without one. */
export async function authorizationFor(conn: RegistryConn, scope: string): Promise<string | null> {
  const scheme = state.schemes.get(conn.key);
  if (scheme && scheme !== 'basic') return `Bearer ${await bearerToken(conn, scheme, scope)}`;
  return basicHeader(conn);
}

/**
 * Learns from a 401 how the registry wants to be asked. Returns the scope to ask again with when it
 * wants a bearer token, or null when asking again cannot help (basic auth was refused).
 */
export function learnChallenge(
  conn: RegistryConn,
  header: string | null,
  scope: string,
  sent: string | null,
): string | null {
  const challenges = parseWwwAuthenticate(header ?? '');
  const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
  if (bearer?.params.realm) {
    const challenge: BearerChallenge = { realm: bearer.params.realm, service: bearer.params.service ?? null };
    const wanted = bearer.params.scope ?? scope;
    // A token that was sent and refused is not used again; the caller asks once more at most.
    const key = tokenKey(conn, challenge, wanted);
    if (sent && sent === `Bearer ${state.tokens.get(key)?.token}`) state.tokens.delete(key);
    prune();
    state.schemes.set(conn.key, challenge);
    return wanted;
  }
  if (challenges.some((c) => c.scheme === 'basic')) state.schemes.set(conn.key, 'basic');
  return null;
}

/** Forgets what was learnt and cached for a registry (after it was changed or deleted). */
export function forgetRegistryAuth(id: string): void {
  for (const key of state.schemes.keys()) if (key.startsWith(`${id}|`)) state.schemes.delete(key);
  for (const key of state.tokens.keys()) if (key.startsWith(`${id}|`)) state.tokens.delete(key);
}

/** How many tokens are cached now, for tests. */
export function cachedTokenCount(): number {
  return state.tokens.size;
}

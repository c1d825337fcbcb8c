import 'server-only';
import { randomUUID } from 'node:crypto';
import { decryptSecret } from '../crypto';
import type { RegistryRow } from '../db/schema';

export const DEFAULT_REGISTRY_TIMEOUT_MS = 5000;

/** What it takes to talk to one registry; the password is decrypted and stays on the server. */
export type RegistryConn = {
  /** Changes whenever the stored registry changes, so cached tokens of old settings are not reused. */
  key: string;
  id: string;
  name: string;
  /** `http(s)://host[:port][/path]`, no trailing slash. */
  base: string;
  origin: string;
  /** `host[:port]` as in the URL, lower-case. */
  host: string;
  username: string | null;
  password: string | null;
  /** Extra `host[:port]` values whose token realm may be followed. */
  tokenHosts: string[];
  timeoutMs: number;
};

export type RegistrySettings = {
  name: string;
  url: string;
  username: string | null;
  password: string | null;
  tokenHosts: string[];
  timeoutMs: number;
};

function build(key: string, id: string, s: RegistrySettings): RegistryConn {
  const url = new URL(s.url);
  return {
    key,
    id,
    name: s.name,
    base: s.url.replace(/\/+$/, ''),
    origin: url.origin,
    host: url.host.toLowerCase(),
    username: s.username,
    password: s.password,
    tokenHosts: s.tokenHosts.map((h) => h.toLowerCase()),
    timeoutMs: s.timeoutMs,
  };
}

export function parseTokenHosts(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((h): h is string => typeof h === 'string') : [];
  } catch {
    return [];
  }
}

export function connFromRow(row: RegistryRow): RegistryConn {
  return build(`${row.id}|${row.updated_at}`, row.id, {
    name: row.name,
    url: row.url,
    username: row.username,
    password: row.password_enc ? decryptSecret(row.password_enc) : null,
    tokenHosts: parseTokenHosts(row.token_hosts),
    timeoutMs: row.timeout_ms,
  });
}

/** A connection for settings not saved yet (the test before saving); its tokens are never reused. */
export function trialConn(settings: RegistrySettings): RegistryConn {
  return build(`trial|${randomUUID()}`, 'trial', settings);
}

/** The domain image references use for this registry: `docker.io` for Docker Hub, else `host[:port]`. */
export function referenceDomain(conn: Pick<RegistryConn, 'host'>): string {
  return DOCKER_HUB_HOSTS.has(conn.host) ? 'docker.io' : conn.host;
}

export const DOCKER_HUB_HOSTS = new Set(['docker.io', 'registry-1.docker.io', 'index.docker.io']);

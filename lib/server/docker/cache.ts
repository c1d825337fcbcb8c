import 'server-only';

type Entry = { at: number; value: Promise<unknown> };
const globalForCache = globalThis as unknown as { wharfDockerCache?: Map<string, Entry> };
globalForCache.wharfDockerCache ??= new Map();
const entries = globalForCache.wharfDockerCache;

/**
 * A brief per-host cache of what Docker knows. Callers that arrive while a load is in flight share it,
 * so a refresh makes one list call per host and resource; the event stream invalidates entries.
 */
export function cachedRead<T>(
  hostId: string,
  resource: string,
  ttlMs: number,
  load: () => Promise<T>,
): Promise<T> {
  const key = `${hostId}\u0000${resource}`;
  const hit = entries.get(key);
  if (hit && Date.now() - hit.at < ttlMs) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { at: Date.now(), value });
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

export function invalidateHost(hostId: string, resource?: string): void {
  for (const key of entries.keys()) {
    const [host, res] = key.split('\u0000');
    if (host === hostId && (resource === undefined || res === resource)) entries.delete(key);
  }
}

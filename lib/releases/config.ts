/**
 * A service config as a flat list of paths, its canonical hash input and the diff of two configs.
 * Pure: the server hands in specs whose secret values are already keyed hashes, so a diff can say a
 * secret changed without ever holding it.
 */
import type { TConfigChange } from '@/lib/types/releases';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON with object keys sorted at every level, so equal configs give equal text. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): Json => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(v).sort()) {
        const inner = (v as Record<string, unknown>)[key];
        if (inner !== undefined) out[key] = sort(inner);
      }
      return out;
    }
    return (v ?? null) as Json;
  };
  return JSON.stringify(sort(value));
}

/** Every leaf of a config by its path: `env.LOG_LEVEL`, `ports[0].host`. */
export function flattenConfig(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.set(path, '[]');
      v.forEach((item, i) => {
        walk(item, `${path}[${i}]`);
      });
    } else if (v && typeof v === 'object') {
      const keys = Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
      if (keys.length === 0 && path) out.set(path, '{}');
      for (const key of keys.sort()) walk((v as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
    } else if (v !== undefined) out.set(path, JSON.stringify(v));
  };
  walk(value, prefix);
  return out;
}

const isSecretPath = (path: string) => path.startsWith('secretEnv.');
const MASKED = '(secret)';

/**
 * The changes from one config to another. Paths under `secretEnv` never show a value: a secret that
 * appears, goes or changes says only that.
 */
export function diffConfigs(before: unknown, after: unknown): TConfigChange[] {
  const a = before === null ? new Map<string, string>() : flattenConfig(before);
  const b = flattenConfig(after);
  const changes: TConfigChange[] = [];
  const show = (path: string, v: string | undefined) =>
    v === undefined ? null : isSecretPath(path) ? MASKED : v;
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const was = a.get(path);
    const now = b.get(path);
    if (was === now) continue;
    const kind = was === undefined ? 'added' : now === undefined ? 'removed' : 'changed';
    changes.push({ path, kind, before: show(path, was), after: show(path, now) });
  }
  return changes;
}

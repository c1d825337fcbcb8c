/** Pure rules about containers, used by the server and the browser alike. */
import type { TContainerHealth, TEnvVar } from '@/lib/types/fleet';

export function healthFromStatus(status: string): TContainerHealth {
  if (/\(healthy\)/.test(status)) return 'healthy';
  if (/\(unhealthy\)/.test(status)) return 'unhealthy';
  if (/\(health: starting\)/.test(status)) return 'starting';
  return null;
}

const SECRET_NAME =
  /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|auth|cookie|session|dsn|(^|_)key$)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Splits `NAME=value` pairs and masks secret-looking values unless the viewer may see secrets. */
export function maskEnv(env: readonly string[], canSeeSecrets: boolean): TEnvVar[] {
  return env.map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    const secret = isSecretName(name) || /^[a-z]+:\/\/[^/\s:@]+:[^/\s@]+@/i.test(value);
    return secret && !canSeeSecrets
      ? { name, value: '••••••', masked: true }
      : { name, value, masked: false };
  });
}

/** json-file and local logs grow without bound unless max-size is set. */
export function isUnboundedLog(type: string, config: Record<string, string>): boolean {
  if (type === 'json-file') return !config['max-size'];
  return false;
}

export function containerName(names: readonly string[] | undefined, id: string): string {
  // Legacy links add `/<linker>/<alias>` names, which may come first: the own name has one slash.
  const own = names?.find((n) => !n.slice(1).includes('/')) ?? names?.[0];
  return own ? own.replace(/^\//, '') : id.slice(0, 12);
}

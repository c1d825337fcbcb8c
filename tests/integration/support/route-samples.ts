import type { HttpMethod, RouteFile } from './api';

/** The route that is next-auth's own and is not wrapped by `route()`. */
export const NEXT_AUTH_ROUTE = 'app/api/auth/[...nextauth]/route.ts';

export const MUTATING: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export type SampleContext = {
  /** A registered host whose engine sits behind the counting proxy. */
  host: string;
  /** A well-formed reference to something that does not exist. */
  missing: string;
  /** A URL that reaches the engine through the counting proxy, and its TLS material. */
  proxyUrl: string;
  tls: { ca: string; cert: string; key: string } | null;
  unique: () => string;
  /**
   * Things that exist, for tests that show a refused call would have acted: a registry reached through
   * a counting proxy, a service whose image lives there, and a release of it waiting for approval.
   */
  registry?: string;
  service?: string;
  release?: string;
};

/**
 * A value for a dynamic path segment. `real` asks for a thing that exists where that matters
 * (the proxied host, so a call that reached Docker would show in the proxy's counters).
 */
export function sampleParam(
  name: string,
  ctx: SampleContext,
  real: boolean,
  template = '',
): string | string[] {
  switch (name) {
    case 'host':
      return real ? ctx.host : 'no-such-host';
    case 'action':
      return 'restart';
    case 'reg':
      return (real && ctx.registry) || 'no-such-registry';
    case 'name':
      return (real && template.startsWith('/api/v1/services/') && ctx.service) || ctx.missing;
    case 'id':
      return (real && template.startsWith('/api/v1/releases/') && ctx.release) || ctx.missing;
    case 'rest':
      return ['no-such-endpoint'];
    case 'path':
      return ['wharf-demo', 'app', 'tags'];
    default:
      return ctx.missing;
  }
}

export function samplePath(route: RouteFile, ctx: SampleContext, real: boolean): string {
  return route.segments
    .map((seg) => {
      if (seg.kind === 'static') return seg.value;
      const value = sampleParam(seg.name, ctx, real, route.template);
      return Array.isArray(value) ? value.map(encodeURIComponent).join('/') : encodeURIComponent(value);
    })
    .join('/')
    .replace(/^/, '/');
}

/**
 * A body each JSON-taking endpoint accepts, keyed by `METHOD template`. The refused-caller checks send it
 * (had the check been skipped, it would have acted), and the bad-input checks break it field by field.
 * A new endpoint that takes a body needs an entry here: the bad-input test says so.
 */
export const VALID_BODIES: Record<string, (ctx: SampleContext) => Record<string, unknown>> = {
  'POST /api/v1/hosts': (ctx) => ({
    name: ctx.unique(),
    url: ctx.proxyUrl,
    ...(ctx.tls ? { tls: ctx.tls } : {}),
    labels: { env: 'test' },
    timeoutMs: 2000,
  }),
  'PATCH /api/v1/hosts/[host]': () => ({ labels: { env: 'changed' }, timeoutMs: 3000 }),
  'POST /api/v1/users': (ctx) => ({
    username: ctx.unique(),
    password: 'a-long-enough-password',
    role: 'viewer',
  }),
  'PATCH /api/v1/users/[id]': () => ({ role: 'operator', disabled: false }),
  'POST /api/v1/tokens': (ctx) => ({ name: ctx.unique(), role: 'viewer', expiresInDays: 30 }),
  // Nothing listens on port 2: the connection test fails (502) and nothing is saved.
  'POST /api/v1/registries': (ctx) => ({
    name: ctx.unique(),
    url: 'http://127.0.0.1:2',
    username: 'wharf',
    password: 'not-the-password',
    tokenHosts: ['127.0.0.1:2'],
    timeoutMs: 1000,
  }),
  'PATCH /api/v1/registries/[reg]': () => ({ tokenHosts: [], timeoutMs: 3000 }),
  'POST /api/v1/hosts/[host]/images/pull': () => ({ ref: '127.0.0.1:5055/wharf-demo/base:1.36' }),
  'POST /api/v1/hosts/[host]/images/prune': () => ({ confirm: '0'.repeat(64) }),
  'POST /api/v1/images/pull': (ctx) => ({ ref: '127.0.0.1:5055/wharf-demo/base:1.36', hosts: [ctx.host] }),
  'POST /api/v1/hosts/[host]/volumes/[name]/protection': () => ({ reason: 'holds the orders database' }),
  'DELETE /api/v1/hosts/[host]/volumes/[name]/protection': () => ({ reason: 'the service was retired' }),
  'POST /api/v1/hosts/[host]/volumes/[name]/backups': () => ({ note: 'before the schema change' }),
  'POST /api/v1/hosts/[host]/volume-prune': () => ({ confirm: '0'.repeat(64), backup: true }),
  'POST /api/v1/backups/[id]/restore': () => ({ volume: 'restored-data', backupFirst: true }),
  'POST /api/v1/hosts/[host]/port-reservations': () => ({
    port: 40_123,
    proto: 'tcp',
    hostIp: '',
    service: 'billing',
    note: 'for the billing service',
  }),
  'POST /api/v1/services': (ctx) => ({
    name: ctx.unique(),
    hosts: [ctx.host],
    image: '127.0.0.1:5055/wharf-demo/app',
    env: { LOG_LEVEL: 'info' },
    secretEnv: { DB_PASSWORD: 'sample-secret' },
    ports: [{ host: 30_999, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
    requiresApproval: true,
  }),
  'PUT /api/v1/services/[name]': (ctx) => ({
    name: ctx.missing,
    hosts: [ctx.host],
    image: '127.0.0.1:5055/wharf-demo/app',
    env: { LOG_LEVEL: 'debug' },
    requiresApproval: false,
  }),
  'POST /api/v1/services/import': (ctx) => ({
    yaml: `name: ${ctx.unique()}\nhosts: [${ctx.host}]\nimage: 127.0.0.1:5055/wharf-demo/app\n`,
  }),
  'POST /api/v1/services/[name]/releases': () => ({ tag: '8b41d07', note: 'ship it', hotfix: false }),
  'POST /api/v1/services/[name]/rollback': () => ({ toRelease: 1, note: 'back to the last good one' }),
  'POST /api/v1/releases/[id]/approve': () => ({ note: 'looks good' }),
  'POST /api/v1/releases/[id]/reject': () => ({ reason: 'not during the sale' }),
  'POST /api/v1/releases/[id]/cancel': () => ({ reason: 'superseded' }),
  'POST /api/v1/freezes': () => ({
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    reason: 'quarter end',
  }),
};

export function bodyKey(method: HttpMethod, route: RouteFile): string {
  return `${method} ${route.template}`;
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NextRequest } from 'next/server';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BASE_URL = 'http://localhost:3000';
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Segment =
  | { kind: 'static'; value: string }
  | { kind: 'dynamic' | 'catchAll' | 'optionalCatchAll'; name: string };

type Params = Record<string, string | string[]>;
export type Handler = ((req: NextRequest, ctx: { params: Promise<Params> }) => Promise<Response>) & {
  wharf?: { permission?: string; action?: string };
};

export type RouteFile = {
  /** Path of the file from the repository root, e.g. `app/api/v1/hosts/[host]/route.ts`. */
  file: string;
  /** The URL template, e.g. `/api/v1/hosts/[host]`. */
  template: string;
  segments: Segment[];
};

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

function parseSegment(part: string): Segment {
  let m = /^\[\[\.\.\.(.+)\]\]$/.exec(part);
  if (m?.[1]) return { kind: 'optionalCatchAll', name: m[1] };
  m = /^\[\.\.\.(.+)\]$/.exec(part);
  if (m?.[1]) return { kind: 'catchAll', name: m[1] };
  m = /^\[(.+)\]$/.exec(part);
  if (m?.[1]) return { kind: 'dynamic', name: m[1] };
  return { kind: 'static', value: part };
}

/** Every route handler file under app/api, found on disk so a new one cannot be missed. */
export function routeFiles(): RouteFile[] {
  return walk(path.join(ROOT, 'app/api'))
    .map((full) => {
      const file = path.relative(ROOT, full).split(path.sep).join('/');
      const parts = file
        .replace(/^app\//, '')
        .replace(/\/route\.[a-z]+$/, '')
        .split('/')
        // Route groups `(name)` and private folders do not appear in the URL.
        .filter((p) => !/^\(.*\)$/.test(p));
      return { file, template: `/${parts.join('/')}`, segments: parts.map(parseSegment) };
    })
    .sort((a, b) => a.template.localeCompare(b.template));
}

export async function loadRoute(route: RouteFile): Promise<Partial<Record<HttpMethod, Handler>>> {
  return (await import(path.join(ROOT, route.file))) as Partial<Record<HttpMethod, Handler>>;
}

/** Matches a URL path to a route file as Next does: static segments before dynamic ones, catch-alls last. */
function match(pathname: string): { route: RouteFile; params: Params } {
  const parts = pathname
    .replace(/^\/|\/$/g, '')
    .split('/')
    .map(decodeURIComponent);
  let best: { route: RouteFile; params: Params; score: number[] } | undefined;
  for (const route of routeFiles()) {
    const params: Params = {};
    const score: number[] = [];
    let ok = true;
    let i = 0;
    for (const seg of route.segments) {
      if (seg.kind === 'static') {
        if (parts[i] !== seg.value) ok = false;
        score.push(3);
        i++;
      } else if (seg.kind === 'dynamic') {
        if (parts[i] === undefined) ok = false;
        else params[seg.name] = parts[i] as string;
        score.push(2);
        i++;
      } else {
        const rest = parts.slice(i);
        if (seg.kind === 'catchAll' && rest.length === 0) ok = false;
        if (rest.length) params[seg.name] = rest;
        score.push(1);
        i = parts.length;
      }
      if (!ok) break;
    }
    if (!ok || i !== parts.length) continue;
    if (!best || compareScores(score, best.score) > 0) best = { route, params, score };
  }
  if (!best) throw new Error(`no route file serves ${pathname}`);
  return { route: best.route, params: best.params };
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export type CallOptions = {
  token?: string;
  cookie?: string;
  /** Sent as JSON with `Content-Type: application/json`. */
  body?: unknown;
  /** Sent as is; set the content type in `headers`. */
  rawBody?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
};

export type ApiAnswer<T = unknown> = {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or undefined when the body is not JSON (or is a stream, left unread). */
  json: T;
  text: string;
  /** The body's bytes, for a binary answer (a download). */
  bytes: Buffer | null;
  ms: number;
};

/**
 * Calls a route handler in-process, exactly as Next would: the route file that serves the path, a
 * real NextRequest and the params promise. A stream (Server-Sent Events) is cancelled unread.
 */
export async function callApi<T = unknown>(
  method: HttpMethod,
  pathname: string,
  opts: CallOptions = {},
): Promise<ApiAnswer<T>> {
  const { route, params } = match(pathname);
  const mod = await loadRoute(route);
  const handler = mod[method];
  if (!handler) throw new Error(`${route.file} exports no ${method}`);
  const url = new URL(pathname, BASE_URL);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set('authorization', `Bearer ${opts.token}`);
  if (opts.cookie) headers.set('cookie', opts.cookie);
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const controller = new AbortController();
  const req = new NextRequest(url, { method, headers, body, signal: controller.signal });
  const started = performance.now();
  const res = await handler(req, { params: Promise.resolve(params) });
  const ms = performance.now() - started;
  let text = '';
  let json: unknown;
  let bytes: Buffer | null = null;
  const type = res.headers.get('content-type') ?? '';
  if (type.startsWith('text/event-stream')) {
    controller.abort();
    await res.body?.cancel().catch(() => undefined);
  } else if (/^application\/(gzip|octet-stream|x-tar)/.test(type)) {
    bytes = Buffer.from(await res.arrayBuffer());
  } else {
    text = await res.text();
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, json: json as T, text, bytes, ms };
}

export const api = {
  get: <T = unknown>(p: string, o?: CallOptions) => callApi<T>('GET', p, o),
  post: <T = unknown>(p: string, o?: CallOptions) => callApi<T>('POST', p, o),
  patch: <T = unknown>(p: string, o?: CallOptions) => callApi<T>('PATCH', p, o),
  put: <T = unknown>(p: string, o?: CallOptions) => callApi<T>('PUT', p, o),
  delete: <T = unknown>(p: string, o?: CallOptions) => callApi<T>('DELETE', p, o),
};

export type ApiError = { error: { code: string; message: string } };

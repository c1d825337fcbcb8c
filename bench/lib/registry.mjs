// The fleet registry as the benchmarks see it: Registry HTTP API v2 with basic auth, a keep-alive client.
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { closeTarget, makeTarget, send } from './http.mjs';

export const MANIFEST_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
export const CONFIG_V1 = 'application/vnd.docker.container.image.v1+json';
export const LAYER_TAR_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
/** What a client that understands every manifest kind sends. */
export const MANIFEST_ACCEPT = [
  MANIFEST_V2,
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

export const sha256 = (data) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** The registry from fleet.json's `registry` entry: `{ name, url, host, username, password, target }`. */
export async function openRegistry(spec) {
  if (!spec) throw new Error('fleet.json has no registry: start the fleet with `npm run fleet -- up`');
  const url = new URL(spec.url);
  if (url.protocol !== 'http:')
    throw new Error(`the bench speaks plain http to the fleet registry, not ${url.protocol}`);
  const password = (await readFile(spec.passwordFile, 'utf8')).trim();
  return {
    name: spec.name,
    url: spec.url.replace(/\/$/, ''),
    host: url.host,
    username: spec.username,
    password,
    authorization: `Basic ${Buffer.from(`${spec.username}:${password}`).toString('base64')}`,
    target: makeTarget({ kind: 'tcp', host: url.hostname, port: Number(url.port || 80) }),
    /** The same registry with a new connection for every request. */
    freshTarget: makeTarget(
      { kind: 'tcp', host: url.hostname, port: Number(url.port || 80) },
      { keepAlive: false },
    ),
  };
}

export function closeRegistry(reg) {
  closeTarget(reg.target);
  closeTarget(reg.freshTarget);
}

/**
 * One request with the registry's credentials (`fresh`: on a new connection); answers what `send`
 * answers.
 */
export function registryRequest(reg, { method = 'GET', path, headers = {}, body, userAgent, fresh = false }) {
  return send(fresh ? reg.freshTarget : reg.target, {
    method,
    path,
    body,
    headers: {
      authorization: reg.authorization,
      ...(userAgent ? { 'user-agent': userAgent } : {}),
      ...headers,
    },
  });
}

function fail(what, res) {
  return new Error(`${what} -> ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
}

/** Uploads a blob in one request (POST an upload, PUT it with the digest) unless the repository has it. */
export async function pushBlob(reg, repo, data) {
  const digest = sha256(data);
  const head = await registryRequest(reg, { method: 'HEAD', path: `/v2/${repo}/blobs/${digest}` });
  if (head.status === 200) return { digest, size: data.length, uploaded: false };
  const start = await registryRequest(reg, { method: 'POST', path: `/v2/${repo}/blobs/uploads/` });
  if (start.status !== 202) throw fail(`start upload to ${repo}`, start);
  const location = new URL(start.headers.location, reg.url);
  if (location.host !== reg.host)
    throw new Error(`the registry sent the upload to another host: ${location.host}`);
  location.searchParams.set('digest', digest);
  const put = await registryRequest(reg, {
    method: 'PUT',
    path: `${location.pathname}${location.search}`,
    headers: { 'content-type': 'application/octet-stream' },
    body: data,
  });
  if (put.status !== 201) throw fail(`upload ${digest} to ${repo}`, put);
  return { digest, size: data.length, uploaded: true };
}

/** Puts a Docker v2 schema 2 manifest under a tag; answers the digest the registry reports. */
export async function putManifest(reg, repo, tag, manifest) {
  const res = await registryRequest(reg, {
    method: 'PUT',
    path: `/v2/${repo}/manifests/${tag}`,
    headers: { 'content-type': MANIFEST_V2 },
    body: manifest,
  });
  if (res.status !== 201) throw fail(`put ${repo}:${tag}`, res);
  return res.headers['docker-content-digest'] ?? sha256(manifest);
}

/** The manifest digest of a tag (HEAD, as a client that only wants the digest asks), or null on 404. */
export async function headManifest(reg, repo, reference, { userAgent, fresh = false } = {}) {
  const res = await registryRequest(reg, {
    method: 'HEAD',
    path: `/v2/${repo}/manifests/${reference}`,
    headers: { accept: MANIFEST_ACCEPT },
    userAgent,
    fresh,
  });
  if (res.status === 404) return { digest: null, ms: res.ms };
  if (res.status !== 200) throw fail(`HEAD ${repo}:${reference}`, res);
  return { digest: res.headers['docker-content-digest'] ?? null, ms: res.ms };
}

/**
 * The same HEAD through Node's `fetch` (undici), the HTTP client Wharf's server uses, for comparison
 * with `headManifest` (node:http with a keep-alive agent). Undici does not keep a connection after a
 * HEAD, so every call opens one.
 */
export async function headManifestFetch(reg, repo, reference, { userAgent } = {}) {
  const started = performance.now();
  const res = await fetch(`${reg.url}/v2/${repo}/manifests/${reference}`, {
    method: 'HEAD',
    headers: {
      authorization: reg.authorization,
      accept: MANIFEST_ACCEPT,
      ...(userAgent ? { 'user-agent': userAgent } : {}),
    },
    redirect: 'manual',
  });
  await res.body?.cancel().catch(() => undefined);
  if (res.status !== 200 && res.status !== 404)
    throw new Error(`HEAD ${repo}:${reference} (fetch) -> ${res.status}`);
  return { digest: res.headers.get('docker-content-digest'), ms: performance.now() - started };
}

/** GET of a manifest or blob as JSON. */
export async function getJson(reg, path, { accept = 'application/json', userAgent } = {}) {
  const res = await registryRequest(reg, { path, headers: { accept }, userAgent });
  if (res.status !== 200) throw fail(`GET ${path}`, res);
  return { data: JSON.parse(res.body.toString('utf8')), headers: res.headers, ms: res.ms };
}

/** The `rel="next"` target of a Link header, if any. */
export function nextLink(link) {
  if (!link) return null;
  for (const part of String(link).split(',')) {
    const m = /^\s*<([^>]+)>\s*;(.*)$/.exec(part);
    if (m && /\brel="?next"?/.test(m[2])) return m[1];
  }
  return null;
}

/**
 * Every tag of a repository, following the `Link` header page by page as a client would; `n` sets the
 * page size (none: the registry's default). Answers `{ tags, pages, ms }`; a missing repository is
 * `{ tags: [] }`.
 */
export async function listTags(reg, repo, { n, userAgent } = {}) {
  const started = performance.now();
  const tags = [];
  let path = `/v2/${repo}/tags/list${n ? `?n=${n}` : ''}`;
  let pages = 0;
  while (path) {
    const res = await registryRequest(reg, { path, headers: { accept: 'application/json' }, userAgent });
    pages++;
    if (res.status === 404) break;
    if (res.status !== 200) throw fail(`GET ${path}`, res);
    const data = JSON.parse(res.body.toString('utf8'));
    tags.push(...(data.tags ?? []));
    const next = nextLink(res.headers.link);
    if (!next) break;
    const url = new URL(next, reg.url);
    if (url.host !== reg.host) throw new Error(`the registry's next page is on another host: ${url.host}`);
    path = `${url.pathname}${url.search}`;
  }
  return { tags, pages, ms: performance.now() - started };
}

/** Deletes a manifest by digest (every tag on it goes with it). */
export async function deleteManifest(reg, repo, digest) {
  const res = await registryRequest(reg, { method: 'DELETE', path: `/v2/${repo}/manifests/${digest}` });
  if (res.status !== 202 && res.status !== 404) throw fail(`DELETE ${repo}@${digest}`, res);
  return res.status === 202;
}

/** `GET manifests`, `HEAD manifests`, `GET blobs`, `GET tags/list`, `GET _catalog`, `GET /v2/`. */
export function registryCallKind(method, uri) {
  const path = uri.split('?')[0];
  if (path === '/v2/' || path === '/v2') return `${method} /v2/`;
  if (path === '/v2/_catalog') return `${method} _catalog`;
  const m = /^\/v2\/.+\/(manifests|blobs|tags)\/[^/]+$/.exec(path);
  if (!m) return `${method} other`;
  return `${method} ${m[1] === 'tags' ? 'tags/list' : m[1]}`;
}

/** `key=value` and `key="quoted value"` pairs of a logfmt line. */
function logfmt(line) {
  const fields = {};
  for (const m of line.matchAll(/([\w.]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) {
    fields[m[1]] = m[2].startsWith('"') ? m[2].slice(1, -1).replace(/\\(.)/g, '$1') : m[2];
  }
  return fields;
}

/**
 * Reads the fleet registry's log (it logs every request it answers) from where it stood when opened:
 * `take()` answers the requests logged since the last take, each as
 * `{ method, uri, status, kind, userAgent, port }` (`port`: the client's port; one port per connection).
 */
export async function openAccessLog(file) {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return null;
  let offset = (await handle.stat()).size;
  let rest = '';
  return {
    file,
    async take() {
      const { size } = await handle.stat();
      if (size < offset) offset = 0;
      const length = size - offset;
      const buffer = Buffer.alloc(length);
      if (length > 0) await handle.read(buffer, 0, length, offset);
      offset = size;
      const lines = (rest + buffer.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      const out = [];
      for (const line of lines) {
        if (!line.includes('msg="response completed"')) continue;
        const f = logfmt(line);
        const method = f['http.request.method'];
        const uri = f['http.request.uri'];
        if (!method || !uri) continue;
        const address = f['http.request.remoteaddr'] ?? '';
        out.push({
          method,
          uri,
          status: Number(f['http.response.status'] ?? 0),
          kind: registryCallKind(method, uri),
          userAgent: f['http.request.useragent'] ?? '',
          port: Number(address.slice(address.lastIndexOf(':') + 1)),
        });
      }
      return out;
    },
    close: () => handle.close(),
  };
}

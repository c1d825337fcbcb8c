import 'server-only';
import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { isValidDigest } from '@/lib/images/reference';
import { mapLimit } from '@/lib/map-limit';
import type { TPlatform } from '@/lib/types/registries';
import type { RegistryRow } from '../db/schema';
import { registryJson, registryRequest, registryUrl } from './client';
import type { RegistryConn } from './conn';
import { connFromRow } from './conn';
import { nextLink } from './headers';
import { jsonBody, MB } from './http';
import {
  type Descriptor,
  MANIFEST_ACCEPT,
  ManifestError,
  parseImageConfig,
  parseManifest,
  preferredPlatform,
} from './manifest';

const CATALOG_MAX_BYTES = 16 * MB;
const MANIFEST_MAX_BYTES = 4 * MB;
const CONFIG_MAX_BYTES = 4 * MB;
const MAX_PAGES = 1000;
const DIGEST_TTL_MS = 10_000;

function who(conn: RegistryConn): string {
  return `registry ${conn.name}`;
}

function sha256Of(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

function badAnswer(conn: RegistryConn, what: string, why: string): AppError {
  return new AppError('HOST_UNREACHABLE', `${who(conn)}: ${what}: ${why}`);
}

/** `GET /v2/`: the registry answers as a Distribution v2 API with these credentials. */
export async function pingRegistry(conn: RegistryConn): Promise<{ apiVersion: string | null }> {
  const answer = await registryRequest(conn, '/v2/', {
    maxBytes: 64 * 1024,
    notFound: `${who(conn)} has no /v2/ API at ${conn.base}: is this the registry's URL?`,
  });
  const apiVersion = answer.headers.get('docker-distribution-api-version');
  if (apiVersion && /^registry\/2\./.test(apiVersion)) return { apiVersion };
  const body = answer.body.toString('utf8').trim();
  try {
    const json: unknown = JSON.parse(body || 'null');
    if (json && typeof json === 'object' && !Array.isArray(json)) return { apiVersion: null };
  } catch {}
  throw badAnswer(
    conn,
    'GET /v2/',
    `this does not look like a registry (no Docker-Distribution-Api-Version header, no JSON); is ${conn.base} the registry's URL?`,
  );
}

function stringList(value: unknown, field: string, conn: RegistryConn, what: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw badAnswer(conn, what, `"${field}" is not a list of names`);
  }
  return value as string[];
}

export type CatalogPage = {
  repositories: string[];
  /** The registry's link to the next page (same origin), or null on the last page. */
  next: URL | null;
  /** The `last` to resume after this page, or null on the last page. */
  nextLast: string | null;
  url: URL;
};

async function catalogAt(conn: RegistryConn, target: string | URL, n: number): Promise<CatalogPage> {
  const { answer, body } = await registryJson(conn, target, { maxBytes: CATALOG_MAX_BYTES });
  const what = 'GET /v2/_catalog';
  const repositories = stringList(
    (body as { repositories?: unknown } | null)?.repositories,
    'repositories',
    conn,
    what,
  );
  const link = nextLink(answer.headers.get('link'));
  let next: URL | null = link ? registryUrl(conn, link, answer.url) : null;
  // A registry that sends no Link but a full page may have more: ask after the last name.
  if (!next && repositories.length >= n && repositories.length > 0) {
    next = registryUrl(conn, `/v2/_catalog?n=${n}&last=${encodeURIComponent(repositories.at(-1) ?? '')}`);
  }
  if (next?.href === answer.url.href) next = null;
  const nextLast = next ? (next.searchParams.get('last') ?? repositories.at(-1) ?? null) : null;
  return { repositories, next, nextLast, url: answer.url };
}

/** One page of the catalog, `n` names after `last`. */
export function catalogPage(
  conn: RegistryConn,
  opts: { n: number; last?: string | null },
): Promise<CatalogPage> {
  const q = new URLSearchParams({ n: String(opts.n) });
  if (opts.last) q.set('last', opts.last);
  return catalogAt(conn, `/v2/_catalog?${q}`, opts.n);
}

/**
 * Repositories whose name holds `q` (all when empty), `n` at most, after `last`: pages of the catalog
 * are read, following the registry's links, until `n` names are found or the catalog ends.
 */
export async function searchRepositories(
  conn: RegistryConn,
  opts: { q?: string; n: number; last?: string | null; scanLimit?: number },
): Promise<{ items: string[]; nextCursor: string | null }> {
  const needle = (opts.q ?? '').trim().toLowerCase();
  if (!needle) {
    const page = await catalogPage(conn, { n: opts.n, last: opts.last });
    return { items: page.repositories, nextCursor: page.nextLast };
  }
  const pageSize = 1000;
  const items: string[] = [];
  let page = await catalogPage(conn, { n: pageSize, last: opts.last });
  for (let pages = 1; ; pages++) {
    for (const [i, name] of page.repositories.entries()) {
      if (!name.toLowerCase().includes(needle)) continue;
      items.push(name);
      if (items.length === opts.n) {
        const more = i < page.repositories.length - 1 || page.next !== null;
        return { items, nextCursor: more ? name : null };
      }
    }
    if (!page.next) return { items, nextCursor: null };
    // Bounded work per call: the answer says where the next call resumes.
    if (pages >= (opts.scanLimit ?? 50)) return { items, nextCursor: page.nextLast };
    page = await catalogAt(conn, page.next, pageSize);
  }
}

/**
 * Every tag of a repository in the registry's order, following `Link` pages. Without a page size the
 * registry decides, which for Distribution is one answer with every tag.
 */
export async function listTagNames(
  conn: RegistryConn,
  path: string,
  opts: { pageSize?: number } = {},
): Promise<{ tags: string[]; pages: number }> {
  let target: string | URL = `/v2/${path}/tags/list${opts.pageSize ? `?n=${opts.pageSize}` : ''}`;
  const tags: string[] = [];
  const visited = new Set<string>();
  for (let pages = 1; pages <= MAX_PAGES; pages++) {
    const { answer, body } = await registryJson(conn, target, {
      maxBytes: CATALOG_MAX_BYTES,
      notFound: `${who(conn)} has no repository ${path}`,
    });
    visited.add(answer.url.href);
    tags.push(...stringList((body as { tags?: unknown } | null)?.tags, 'tags', conn, `GET tags of ${path}`));
    const link = nextLink(answer.headers.get('link'));
    if (!link) return { tags, pages };
    target = registryUrl(conn, link, answer.url);
    if (visited.has(target.href)) {
      throw badAnswer(conn, `GET tags of ${path}`, 'the next-page link points back to a page already read');
    }
  }
  throw badAnswer(conn, `GET tags of ${path}`, `more than ${MAX_PAGES} pages of tags`);
}

export type FetchedManifest = {
  digest: string;
  mediaType: string;
  /** Bytes of the manifest itself. */
  bytes: number;
  manifest: ReturnType<typeof parseManifest>;
};

function isDigestRef(reference: string): boolean {
  return reference.includes(':');
}

/** A manifest by tag or digest, asked for in every format Wharf reads. */
export async function fetchManifest(
  conn: RegistryConn,
  path: string,
  reference: string,
): Promise<FetchedManifest> {
  const byDigest = isDigestRef(reference);
  const answer = await registryRequest(conn, `/v2/${path}/manifests/${reference}`, {
    accept: MANIFEST_ACCEPT,
    maxBytes: MANIFEST_MAX_BYTES,
    notFound: byDigest
      ? `${who(conn)} has no manifest ${reference} in ${path}`
      : `${who(conn)} has no tag ${path}:${reference}`,
  });
  const what = `GET manifest ${path}:${reference}`;
  const computed = sha256Of(answer.body);
  if (byDigest && reference.startsWith('sha256:') && computed !== reference) {
    throw badAnswer(conn, what, 'the manifest does not match its digest');
  }
  const header = answer.headers.get('docker-content-digest');
  const digest = byDigest ? reference : header && isValidDigest(header) ? header : computed;
  const body = jsonBody(answer, who(conn), what);
  try {
    const manifest = parseManifest(body, answer.headers.get('content-type'));
    return { digest, mediaType: manifest.mediaType, bytes: answer.body.length, manifest };
  } catch (error) {
    if (error instanceof ManifestError) throw badAnswer(conn, what, error.message);
    throw error;
  }
}

type DigestState = {
  digests: Map<string, { value: string | null; at: number }>;
  pending: Map<string, Promise<string | null>>;
  facts: Map<string, ImageFacts>;
  pendingFacts: Map<string, Promise<ImageFacts>>;
  configs: Map<string, Promise<ConfigFacts>>;
};
const globalForRegistry = globalThis as unknown as { wharfRegistryCache?: DigestState };
globalForRegistry.wharfRegistryCache ??= {
  digests: new Map(),
  pending: new Map(),
  facts: new Map(),
  pendingFacts: new Map(),
  configs: new Map(),
};
const cache = globalForRegistry.wharfRegistryCache;
const MAX_CACHED = 5000;

function digestKey(conn: RegistryConn, path: string, tag: string): string {
  return `${conn.key}\n${path}:${tag}`;
}

function rememberDigest(key: string, value: string | null): void {
  if (cache.digests.size >= MAX_CACHED) cache.digests.clear();
  cache.digests.set(key, { value, at: Date.now() });
}

/**
 * The registry's current digest of `path:tag` (HEAD with the manifest Accept headers), null when the
 * tag does not exist; remembered for 10 s. Other failures throw.
 */
export async function tagDigest(conn: RegistryConn, path: string, tag: string): Promise<string | null> {
  const key = digestKey(conn, path, tag);
  const hit = cache.digests.get(key);
  if (hit && Date.now() - hit.at < DIGEST_TTL_MS) return hit.value;
  let pending = cache.pending.get(key);
  if (!pending) {
    pending = headDigest(conn, path, tag).finally(() => cache.pending.delete(key));
    cache.pending.set(key, pending);
  }
  const value = await pending;
  rememberDigest(key, value);
  return value;
}

async function headDigest(conn: RegistryConn, path: string, tag: string): Promise<string | null> {
  try {
    const answer = await registryRequest(conn, `/v2/${path}/manifests/${tag}`, {
      method: 'HEAD',
      accept: MANIFEST_ACCEPT,
      notFound: `${who(conn)} has no tag ${path}:${tag}`,
    });
    const header = answer.headers.get('docker-content-digest');
    if (header && isValidDigest(header)) return header;
    // A registry that does not say the digest on HEAD: read the manifest and hash it.
    return (await fetchManifest(conn, path, tag)).digest;
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** A tag's digest asked of the registry now, never from the cache: what an approval check must see. */
export async function freshTagDigest(conn: RegistryConn, path: string, tag: string): Promise<string | null> {
  const value = await headDigest(conn, path, tag);
  rememberDigest(digestKey(conn, path, tag), value);
  return value;
}

/** `registryDigest(row, path, tag)`: the registry's current digest of a tag, cached 10 s. */
export function registryDigest(row: RegistryRow, path: string, tag: string): Promise<string | null> {
  return tagDigest(connFromRow(row), path, tag);
}

export type ConfigFacts = ReturnType<typeof parseImageConfig> & { digest: string };

/** What a manifest (by digest) and its config say; immutable, so cached for good. */
export type ImageFacts = {
  digest: string;
  mediaType: string;
  platforms: TPlatform[] | null;
  layers: Descriptor[];
  config: ConfigFacts | null;
  /** Config plus layers; for an index the sum over its platforms that could be read. */
  size: number;
  annotations: Record<string, string>;
  /** False for an index some of whose platforms could not be read: not cached, read again next time. */
  complete: boolean;
};

async function fetchConfig(conn: RegistryConn, path: string, config: Descriptor): Promise<ConfigFacts> {
  const what = `GET config ${config.digest} of ${path}`;
  if (config.size > CONFIG_MAX_BYTES) throw badAnswer(conn, what, 'the image config is larger than 4 MB');
  const answer = await registryRequest(conn, `/v2/${path}/blobs/${config.digest}`, {
    maxBytes: CONFIG_MAX_BYTES,
    notFound: `${who(conn)} has no config blob ${config.digest} in ${path}`,
  });
  if (config.digest.startsWith('sha256:') && sha256Of(answer.body) !== config.digest) {
    throw badAnswer(conn, what, 'the config blob does not match its digest');
  }
  try {
    return { digest: config.digest, ...parseImageConfig(jsonBody(answer, who(conn), what)) };
  } catch (error) {
    if (error instanceof ManifestError) throw badAnswer(conn, what, error.message);
    throw error;
  }
}

/** A config blob's facts, fetched once per config digest however many manifests share it. */
function configFacts(conn: RegistryConn, path: string, config: Descriptor): Promise<ConfigFacts> {
  const key = `${conn.base}\n${path}@${config.digest}`;
  let pending = cache.configs.get(key);
  if (!pending) {
    pending = fetchConfig(conn, path, config);
    pending.catch(() => cache.configs.delete(key));
    if (cache.configs.size >= MAX_CACHED) cache.configs.clear();
    cache.configs.set(key, pending);
  }
  return pending;
}

async function readFacts(conn: RegistryConn, path: string, fetched: FetchedManifest): Promise<ImageFacts> {
  const { manifest, digest, mediaType } = fetched;
  if (manifest.kind === 'image') {
    const config = await configFacts(conn, path, manifest.config);
    const size = manifest.config.size + manifest.layers.reduce((sum, l) => sum + l.size, 0);
    return {
      digest,
      mediaType,
      platforms: null,
      layers: manifest.layers,
      config,
      size,
      annotations: manifest.annotations,
      complete: true,
    };
  }
  const children = await mapLimit(manifest.platforms, 4, (p) =>
    imageFacts(conn, path, p.digest).then(
      (facts) => facts,
      () => null,
    ),
  );
  const preferred = preferredPlatform(manifest.platforms);
  const chosen = children.find((c) => c !== null && c.digest === preferred?.digest) ?? null;
  return {
    digest,
    mediaType,
    platforms: manifest.platforms,
    layers: [],
    config: chosen?.config ?? null,
    size: children.reduce((sum, c) => sum + (c?.size ?? 0), 0),
    annotations: { ...chosen?.annotations, ...manifest.annotations },
    complete: children.every((c) => c?.complete),
  };
}

function remember(key: string, facts: ImageFacts): ImageFacts {
  if (!facts.complete) return facts;
  if (cache.facts.size >= MAX_CACHED) {
    const oldest = cache.facts.keys().next().value;
    if (oldest !== undefined) cache.facts.delete(oldest);
  }
  cache.facts.set(key, facts);
  return facts;
}

function factsKey(conn: RegistryConn, path: string, digest: string): string {
  return `${conn.base}\n${path}@${digest}`;
}

/** The facts of a manifest by digest (and of its platforms for an index), cached by digest. */
export async function imageFacts(conn: RegistryConn, path: string, digest: string): Promise<ImageFacts> {
  const key = factsKey(conn, path, digest);
  const hit = cache.facts.get(key);
  if (hit) return hit;
  let pending = cache.pendingFacts.get(key);
  if (!pending) {
    pending = fetchManifest(conn, path, digest)
      .then((fetched) => readFacts(conn, path, fetched))
      .finally(() => cache.pendingFacts.delete(key));
    cache.pendingFacts.set(key, pending);
  }
  return remember(key, await pending);
}

/** The facts of a manifest by tag or digest; a tag is read once and its digest's facts cached. */
export async function manifestFacts(
  conn: RegistryConn,
  path: string,
  reference: string,
): Promise<ImageFacts> {
  if (isDigestRef(reference)) return imageFacts(conn, path, reference);
  const fetched = await fetchManifest(conn, path, reference);
  rememberDigest(digestKey(conn, path, reference), fetched.digest);
  const key = factsKey(conn, path, fetched.digest);
  return cache.facts.get(key) ?? remember(key, await readFacts(conn, path, fetched));
}

/**
 * A tag's digest and facts with as few requests as the caches allow: none while its digest is fresh,
 * one HEAD to check a digest whose facts are known, else one GET of the manifest by tag (plus its
 * config, once per config). Null when the tag does not exist.
 */
export async function tagFacts(
  conn: RegistryConn,
  path: string,
  tag: string,
): Promise<{ digest: string; facts: ImageFacts } | null> {
  const key = digestKey(conn, path, tag);
  const hit = cache.digests.get(key);
  const fresh = hit !== undefined && Date.now() - hit.at < DIGEST_TTL_MS;
  if (fresh || (hit?.value && cache.facts.has(factsKey(conn, path, hit.value)))) {
    const digest = await tagDigest(conn, path, tag);
    return digest ? { digest, facts: await imageFacts(conn, path, digest) } : null;
  }
  let fetched: FetchedManifest;
  try {
    fetched = await fetchManifest(conn, path, tag);
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
    rememberDigest(key, null);
    return null;
  }
  rememberDigest(key, fetched.digest);
  const factsAt = factsKey(conn, path, fetched.digest);
  const facts = cache.facts.get(factsAt) ?? remember(factsAt, await readFacts(conn, path, fetched));
  return { digest: fetched.digest, facts };
}

/** Forgets every cached digest, manifest and config (for measurements and tests). */
export function forgetRegistryCaches(): void {
  cache.digests.clear();
  cache.facts.clear();
  cache.configs.clear();
}

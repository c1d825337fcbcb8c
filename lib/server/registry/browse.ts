import 'server-only';
import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import { bareTag } from '@/lib/images/registry-tag';
import { mapLimit } from '@/lib/map-limit';
import { ZDigest, ZRepositoryPath, ZTag } from '@/lib/schemas/images';
import type { TRepositoryQuery } from '@/lib/schemas/registries';
import type {
  TManifestDetail,
  TRegistryTag,
  TRepositoryPage,
  TTagNames,
  TTagPage,
} from '@/lib/types/registries';
import { locateDigests } from '../images/locate';
import { type ImageFacts, listTagNames, manifestFacts, searchRepositories, tagFacts } from './api';
import { connFromRow, type RegistryConn, referenceDomain } from './conn';
import { findRegistryRow } from './store';

const TAG_CONCURRENCY = 8;
const REVISION = 'org.opencontainers.image.revision';
const SOURCE = 'org.opencontainers.image.source';

export type RepositoryTarget = { path: string } & (
  | { kind: 'tags' }
  | { kind: 'manifest'; reference: string }
);

function checked(schema: z.ZodType<string>, value: string, field: string): string {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      'BAD_INPUT',
      `invalid path: ${field}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/**
 * Reads `{repository...}/tags` or `{repository...}/manifests/{tag|digest}` from the segments after
 * `/repositories/`, each part checked against the distribution grammar.
 */
export function parseRepositoryTarget(segments: string[]): RepositoryTarget {
  const last = segments.at(-1);
  if (last === 'tags' && segments.length >= 2) {
    return { kind: 'tags', path: checked(ZRepositoryPath, segments.slice(0, -1).join('/'), 'repository') };
  }
  if (segments.at(-2) === 'manifests' && segments.length >= 3 && last) {
    const path = checked(ZRepositoryPath, segments.slice(0, -2).join('/'), 'repository');
    const reference = last.includes(':') ? checked(ZDigest, last, 'digest') : checked(ZTag, last, 'tag');
    return { kind: 'manifest', path, reference };
  }
  throw new AppError(
    'BAD_INPUT',
    'invalid path: ask for /repositories/{repository}/tags or /repositories/{repository}/manifests/{tag or digest}',
  );
}

async function connFor(ref: string): Promise<RegistryConn> {
  return connFromRow(await findRegistryRow(ref));
}

/** `GET /registries/{reg}/repositories?q=&n=&last=`. */
export async function repositoriesOf(ref: string, query: TRepositoryQuery): Promise<TRepositoryPage> {
  const conn = await connFor(ref);
  return searchRepositories(conn, { q: query.q, n: query.n ?? 100, last: query.last ?? null });
}

/** Every tag name of a repository, all pages followed; no manifest is read. */
export async function tagNamesOf(ref: string, path: string): Promise<TTagNames> {
  const conn = await connFor(ref);
  const { tags } = await listTagNames(conn, path);
  return { repository: path, tags };
}

function describeTag(
  name: string,
  digest: string,
  facts: ImageFacts,
  runsOn: TRegistryTag['runsOn'],
): TRegistryTag {
  const labels = facts.config?.labels ?? {};
  const single = facts.platforms === null;
  return {
    name,
    digest,
    mediaType: facts.mediaType,
    size: facts.size,
    createdAt: facts.config?.createdAt ?? null,
    architecture: single ? (facts.config?.architecture ?? null) : null,
    os: single ? (facts.config?.os ?? null) : null,
    platforms: facts.platforms,
    labels,
    revision: labels[REVISION] ?? facts.annotations[REVISION] ?? null,
    source: labels[SOURCE] ?? facts.annotations[SOURCE] ?? null,
    runsOn,
    error: null,
  };
}

function message(error: unknown): string {
  return error instanceof AppError ? error.message : 'the details could not be read';
}

/** Newest first; tags without a time (or whose details failed) last, then by name. */
function newestFirst(a: TRegistryTag, b: TRegistryTag): number {
  if (a.createdAt !== b.createdAt) {
    if (a.createdAt === null) return 1;
    if (b.createdAt === null) return -1;
    return b.createdAt.localeCompare(a.createdAt);
  }
  return a.name.localeCompare(b.name);
}

/**
 * Every tag of a repository with its digest, size, created time, platform, labels and where it runs,
 * newest first. A tag whose details fail carries the reason; reading stops at a budget so a slow
 * registry gives an answer with errors in place rather than a page that never comes.
 */
export async function tagPageOf(ref: string, path: string): Promise<TTagPage> {
  const conn = await connFor(ref);
  const { tags } = await listTagNames(conn, path);
  const repository = `${referenceDomain(conn)}/${path}`;
  const located = locateDigests(repository).catch(() => new Map<string, TRegistryTag['runsOn']>());
  const budgetMs = Math.max(conn.timeoutMs * 3, 15_000);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => {
    timer = setTimeout(() => resolve('expired'), budgetMs);
  });
  const late = `the details were not read within ${Math.round(budgetMs / 1000)} s`;
  let overBudget = false;
  void expired.then(() => {
    overBudget = true;
  });
  try {
    const items = await mapLimit(tags, TAG_CONCURRENCY, async (name): Promise<TRegistryTag> => {
      if (overBudget) return bareTag(name, null, late);
      let digest: string | null = null;
      const work = (async () => {
        const found = await tagFacts(conn, path, name);
        if (!found) return bareTag(name, null, `the tag ${name} was deleted while it was read`);
        digest = found.digest;
        return describeTag(name, found.digest, found.facts, { hosts: [], services: [] });
      })().catch((error: unknown) => bareTag(name, digest, message(error)));
      const result = await Promise.race([work, expired]);
      return result === 'expired' ? bareTag(name, digest, late) : result;
    });
    const runs = await Promise.race([located, expired.then(() => new Map<string, TRegistryTag['runsOn']>())]);
    for (const item of items) {
      const where = item.digest ? runs.get(item.digest) : undefined;
      if (where && !item.error) item.runsOn = where;
    }
    return { repository: path, items: items.sort(newestFirst), nextCursor: null };
  } finally {
    clearTimeout(timer);
  }
}

/** `GET .../manifests/{tag|digest}`: the manifest, its platforms or layers, and its config. */
export async function manifestOf(ref: string, path: string, reference: string): Promise<TManifestDetail> {
  const conn = await connFor(ref);
  const facts = await manifestFacts(conn, path, reference);
  return {
    repository: path,
    reference,
    digest: facts.digest,
    mediaType: facts.mediaType,
    platforms: facts.platforms,
    layers: facts.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
    config: facts.config
      ? {
          digest: facts.config.digest,
          createdAt: facts.config.createdAt,
          architecture: facts.config.architecture,
          os: facts.config.os,
          labels: facts.config.labels,
        }
      : null,
    size: facts.size,
  };
}

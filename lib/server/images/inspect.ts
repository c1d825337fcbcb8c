import 'server-only';
import { createHash } from 'node:crypto';
import { maskEnv } from '@/lib/containers';
import { Lru } from '@/lib/lru';
import { getDocker, type HostConnection, withDeadline } from '@/lib/server/docker/client';
import { listContainers } from '@/lib/server/docker/containers';
import type { TImageDetail, TImageHealthcheck, TImageLayer } from '@/lib/types/images';
import { listImageSummaries } from './host-images';

/** What `GET /images/{name}/json` answers, as far as Wharf reads it; the engine may send nulls. */
type RawImage = {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: string;
  Author?: string;
  Architecture?: string;
  Os?: string;
  Size?: number;
  Config?: {
    User?: string;
    Env?: string[] | null;
    Cmd?: string[] | string | null;
    Entrypoint?: string[] | string | null;
    WorkingDir?: string;
    ExposedPorts?: Record<string, unknown> | null;
    Labels?: Record<string, string> | null;
    Healthcheck?: {
      Test?: string[] | null;
      Interval?: number;
      Timeout?: number;
      StartPeriod?: number;
      Retries?: number;
    } | null;
  } | null;
  RootFS?: { Layers?: string[] | null } | null;
};

/** One entry of `GET /images/{id}/history`, newest first as the engine sends it. */
type RawHistory = { Id: string; Created: number; CreatedBy: string; Size: number; Comment: string };

/** The facts of an image that its id fixes: image ids are content addresses, so they never change. */
export type ImageFacts = {
  id: string;
  /** As inspected when first read; tags move, so callers prefer a fresh image list for these. */
  repoTags: string[];
  repoDigests: string[];
  size: number;
  createdAt: string;
  labels: Record<string, string>;
  architecture: string;
  os: string;
  author: string;
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  user: string;
  /** Raw `NAME=value` pairs; masked per caller when answered. */
  env: string[];
  exposedPorts: string[];
  healthcheck: TImageHealthcheck | null;
  rootfsLayers: string[];
};

const FACTS_CAPACITY = 4000;
const HISTORY_CAPACITY = 2000;
const globalForImages = globalThis as unknown as {
  wharfImageFacts?: Lru<Promise<ImageFacts>>;
  wharfImageHistory?: Lru<Promise<TImageLayer[]>>;
};
globalForImages.wharfImageFacts ??= new Lru(FACTS_CAPACITY);
globalForImages.wharfImageHistory ??= new Lru(HISTORY_CAPACITY);
const factsCache = globalForImages.wharfImageFacts;
const historyCache = globalForImages.wharfImageHistory;

const FULL_ID = /^(?:sha256:)?([0-9a-f]{64})$/;

/** `sha256:<64 hex>` for a full image id in either spelling, else null. */
export function fullImageId(ref: string): string | null {
  const m = FULL_ID.exec(ref);
  return m ? `sha256:${m[1]}` : null;
}

const cacheKey = (conn: HostConnection, id: string) => `${conn.id}\u0000${id}`;

function toList(value: string[] | string | null | undefined): string[] {
  if (!value) return [];
  return Array.isArray(value) ? value : [value];
}

const seconds = (ns: number | undefined) => (ns ? ns / 1e9 : null);

function toHealthcheck(raw: NonNullable<RawImage['Config']>['Healthcheck']): TImageHealthcheck | null {
  const test = raw?.Test ?? [];
  if (!raw || test.length === 0 || test[0] === 'NONE') return null;
  return {
    test,
    intervalSeconds: seconds(raw.Interval),
    timeoutSeconds: seconds(raw.Timeout),
    startPeriodSeconds: seconds(raw.StartPeriod),
    retries: raw.Retries || null,
  };
}

function toFacts(raw: RawImage): ImageFacts {
  const config = raw.Config ?? {};
  return {
    id: raw.Id,
    repoTags: (raw.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
    repoDigests: (raw.RepoDigests ?? []).filter((d) => !d.startsWith('<none>@')),
    size: raw.Size ?? 0,
    createdAt: raw.Created ? new Date(raw.Created).toISOString() : '',
    labels: config.Labels ?? {},
    architecture: raw.Architecture ?? '',
    os: raw.Os ?? '',
    author: raw.Author ?? '',
    entrypoint: toList(config.Entrypoint),
    cmd: toList(config.Cmd),
    workingDir: config.WorkingDir ?? '',
    user: config.User ?? '',
    env: config.Env ?? [],
    exposedPorts: Object.keys(config.ExposedPorts ?? {}),
    healthcheck: toHealthcheck(config.Healthcheck),
    rootfsLayers: raw.RootFS?.Layers ?? [],
  };
}

/** Asks the engine now (tags included) and keeps the answer for the image's id. */
export async function inspectFresh(conn: HostConnection, ref: string): Promise<ImageFacts> {
  const raw = await withDeadline(conn, 'inspect image', (abortSignal) =>
    getDocker(conn)
      .getImage(ref)
      .inspect({ abortSignal } as object),
  );
  const facts = toFacts(raw as unknown as RawImage);
  factsCache.set(cacheKey(conn, facts.id), Promise.resolve(facts));
  return facts;
}

/** An image's facts by reference: a full id is answered from the cache, anything else is resolved now. */
async function imageFacts(conn: HostConnection, ref: string): Promise<{ facts: ImageFacts; fresh: boolean }> {
  const id = fullImageId(ref);
  if (!id) return { facts: await inspectFresh(conn, ref), fresh: true };
  const key = cacheKey(conn, id);
  const hit = factsCache.get(key);
  if (hit) return { facts: await hit, fresh: false };
  const loading = inspectFresh(conn, id);
  factsCache.set(key, loading);
  loading.catch(() => {
    if (factsCache.get(key) === loading) factsCache.delete(key);
  });
  return { facts: await loading, fresh: true };
}

/** The root file system's layer diff ids, base first; cached by image id. */
export async function imageLayers(conn: HostConnection, id: string): Promise<string[]> {
  return (await imageFacts(conn, id)).facts.rootfsLayers;
}

/** Steps that leave a layer even when it holds no bytes: RUN, COPY, ADD (and WORKDIR with BuildKit). */
function makesLayer(createdBy: string): boolean {
  const step = createdBy.trim();
  if (/#\(nop\)/.test(step)) return /#\(nop\)\s*(COPY|ADD)\b/.test(step);
  if (/^(RUN|COPY|ADD|WORKDIR)\b/.test(step)) return true;
  return (
    step !== '' &&
    !/^(ENV|LABEL|CMD|ENTRYPOINT|EXPOSE|USER|VOLUME|ARG|HEALTHCHECK|STOPSIGNAL|SHELL|ONBUILD|MAINTAINER)\b/.test(
      step,
    )
  );
}

/**
 * The engine's history says each step's size but not whether it added a layer. A step with bytes did;
 * of the empty ones, those whose instruction makes a layer are counted when that makes the number of
 * layers match the root file system, else size alone decides.
 */
export function markEmptyLayers(
  history: { size: number; createdBy: string }[],
  layerCount: number,
): boolean[] {
  const bySize = history.map((h) => h.size === 0);
  const sized = bySize.filter((empty) => !empty).length;
  if (sized === layerCount) return bySize;
  const byStep = history.map((h) => h.size === 0 && !makesLayer(h.createdBy));
  if (byStep.filter((empty) => !empty).length === layerCount) return byStep;
  return bySize;
}

function toLayers(raw: RawHistory[], layerCount: number): TImageLayer[] {
  const oldestFirst = [...raw].reverse();
  const empty = markEmptyLayers(
    oldestFirst.map((h) => ({ size: h.Size ?? 0, createdBy: h.CreatedBy ?? '' })),
    layerCount,
  );
  return oldestFirst.map((h, i) => ({
    id: h.Id && h.Id !== '<missing>' ? h.Id : null,
    createdAt: new Date((h.Created ?? 0) * 1000).toISOString(),
    createdBy: h.CreatedBy ?? '',
    size: h.Size ?? 0,
    comment: h.Comment ?? '',
    empty: empty[i] ?? false,
  }));
}

/** History, oldest first; cached by image id. */
export function imageHistory(conn: HostConnection, id: string, layerCount: number): Promise<TImageLayer[]> {
  const key = cacheKey(conn, id);
  const hit = historyCache.get(key);
  if (hit) return hit;
  const loading = withDeadline(
    conn,
    'image history',
    (abortSignal) =>
      new Promise<RawHistory[]>((resolve, reject) => {
        getDocker(conn).modem.dial(
          {
            path: `/images/${id}/history`,
            method: 'GET',
            abortSignal,
            statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
          },
          (error: unknown, data: unknown) => (error ? reject(error) : resolve((data ?? []) as RawHistory[])),
        );
      }),
  ).then((raw) => toLayers(raw, layerCount));
  historyCache.set(key, loading);
  loading.catch(() => {
    if (historyCache.get(key) === loading) historyCache.delete(key);
  });
  return loading;
}

/** Docker's chain ids of a layer stack: a layer's id given everything below it, base first. */
export function chainIds(diffIds: string[]): string[] {
  let chainId = '';
  return diffIds.map((diffId, i) => {
    chainId =
      i === 0 ? diffId : `sha256:${createHash('sha256').update(`${chainId} ${diffId}`).digest('hex')}`;
    return chainId;
  });
}

/**
 * Each layer's chain id with its size, base first. Sizes come from the history (one more call, cached);
 * without `withSizes` they are left at 0 and only the cached inspect is needed.
 */
export async function layerChain(
  conn: HostConnection,
  id: string,
  withSizes = true,
): Promise<{ chainId: string; size: number }[]> {
  const { facts } = await imageFacts(conn, id);
  const history = withSizes ? await imageHistory(conn, facts.id, facts.rootfsLayers.length) : [];
  const sizes = history.filter((h) => !h.empty).map((h) => h.size);
  return chainIds(facts.rootfsLayers).map((chainId, i) => ({ chainId, size: sizes[i] ?? 0 }));
}

const ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S+)/g;

/** History lines carry ENV and build-arg values (`ENV API_TOKEN=...`): the secret ones are masked too. */
export function maskCreatedBy(createdBy: string, canSeeSecrets: boolean): string {
  if (canSeeSecrets) return createdBy;
  return createdBy.replace(ASSIGNMENT, (all, name: string, value: string) =>
    maskEnv([`${name}=${value.replace(/^["']|["']$/g, '')}`], false)[0]?.masked ? `${name}=••••••` : all,
  );
}

/**
 * The image page: inspect and history (both cached by image id), tags and digests from the host's
 * image list, and the containers that use the image now. Secret-looking env values are masked unless
 * the caller may see secrets.
 */
export async function inspectImage(
  conn: HostConnection,
  ref: string,
  canSeeSecrets: boolean,
): Promise<TImageDetail> {
  const { facts, fresh } = await imageFacts(conn, ref);
  const [layers, summaries, containers] = await Promise.all([
    imageHistory(conn, facts.id, facts.rootfsLayers.length),
    fresh ? Promise.resolve(null) : listImageSummaries(conn).catch(() => null),
    listContainers(conn),
  ]);
  const listed = summaries?.find((s) => s.Id === facts.id);
  const repoTags = listed ? (listed.RepoTags ?? []).filter((t) => t !== '<none>:<none>') : facts.repoTags;
  const repoDigests = listed
    ? (listed.RepoDigests ?? []).filter((d) => !d.startsWith('<none>@'))
    : facts.repoDigests;
  return {
    id: facts.id,
    host: { id: conn.id, name: conn.name },
    repoTags,
    repoDigests,
    size: facts.size,
    createdAt: facts.createdAt,
    labels: facts.labels,
    dangling: repoTags.length === 0,
    containers: containers
      .filter((c) => c.imageId === facts.id)
      .map((c) => ({ id: c.id, name: c.name, state: c.state, service: c.service })),
    architecture: facts.architecture,
    os: facts.os,
    author: facts.author,
    entrypoint: facts.entrypoint,
    cmd: facts.cmd,
    workingDir: facts.workingDir,
    user: facts.user,
    env: maskEnv(facts.env, canSeeSecrets),
    exposedPorts: facts.exposedPorts,
    healthcheck: facts.healthcheck,
    rootfsLayers: facts.rootfsLayers,
    layers: layers.map((layer) => ({ ...layer, createdBy: maskCreatedBy(layer.createdBy, canSeeSecrets) })),
  };
}

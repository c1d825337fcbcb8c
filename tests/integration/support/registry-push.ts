import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes images straight through a registry's HTTP API v2 (blob uploads and manifest PUTs), the way a
 * push does, so tests can make tags, platforms and indexes without building anything.
 */
export type PushTarget = {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The Authorization header for a scope such as `repository:team/app:pull,push`. */
  authorization: (scope: string) => string | Promise<string>;
};

export type Descriptor = { mediaType: string; digest: string; size: number };

export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
} as const;

function sha256(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

async function headers(target: PushTarget, repo: string, extra: Record<string, string> = {}) {
  return { authorization: await target.authorization(`repository:${repo}:pull,push`), ...extra };
}

/** A monolithic blob upload (POST, then PUT with the digest); a blob already there is not sent again. */
export async function uploadBlob(
  target: PushTarget,
  repo: string,
  body: Buffer,
  mediaType: string,
): Promise<Descriptor> {
  const digest = sha256(body);
  const exists = await fetch(`${target.url}/v2/${repo}/blobs/${digest}`, {
    method: 'HEAD',
    headers: await headers(target, repo),
  });
  if (exists.ok) return { mediaType, digest, size: body.length };
  const start = await fetch(`${target.url}/v2/${repo}/blobs/uploads/`, {
    method: 'POST',
    headers: await headers(target, repo),
  });
  if (start.status !== 202) throw new Error(`blob upload refused: ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location') ?? '', target.url);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, {
    method: 'PUT',
    headers: await headers(target, repo, { 'content-type': 'application/octet-stream' }),
    body: new Uint8Array(body),
  });
  if (put.status !== 201) throw new Error(`blob upload failed: ${put.status} ${await put.text()}`);
  return { mediaType, digest, size: body.length };
}

export async function putManifest(
  target: PushTarget,
  repo: string,
  reference: string,
  manifest: Record<string, unknown>,
  mediaType: string,
): Promise<{ digest: string; size: number }> {
  const body = Buffer.from(JSON.stringify(manifest));
  const res = await fetch(`${target.url}/v2/${repo}/manifests/${reference}`, {
    method: 'PUT',
    headers: await headers(target, repo, { 'content-type': mediaType }),
    body: new Uint8Array(body),
  });
  if (res.status !== 201) throw new Error(`manifest PUT failed: ${res.status} ${await res.text()}`);
  return { digest: res.headers.get('docker-content-digest') ?? sha256(body), size: body.length };
}

export type PushedImage = {
  digest: string;
  /** Bytes of the manifest itself, for an index that lists it. */
  manifestSize: number;
  config: Descriptor;
  layers: Descriptor[];
  /** Config plus layers. */
  size: number;
};

/** Pushes a one-layer image whose config says the given time, platform and labels. */
export async function pushImage(
  target: PushTarget,
  repo: string,
  tag: string,
  opts: { created: string; labels?: Record<string, string>; architecture?: string; os?: string },
): Promise<PushedImage> {
  const layer = await uploadBlob(
    target,
    repo,
    randomBytes(64 + Math.floor(Math.random() * 64)),
    MEDIA.dockerLayer,
  );
  const configJson = {
    created: opts.created,
    architecture: opts.architecture ?? 'amd64',
    os: opts.os ?? 'linux',
    config: { Labels: opts.labels ?? {} },
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
    history: [{ created: opts.created, created_by: 'wharf test' }],
  };
  const config = await uploadBlob(target, repo, Buffer.from(JSON.stringify(configJson)), MEDIA.dockerConfig);
  const manifest = { schemaVersion: 2, mediaType: MEDIA.dockerManifest, config, layers: [layer] };
  const put = await putManifest(target, repo, tag, manifest, MEDIA.dockerManifest);
  return {
    digest: put.digest,
    manifestSize: put.size,
    config,
    layers: [layer],
    size: config.size + layer.size,
  };
}

/** Pushes an OCI index or a Docker manifest list over manifests already in the repository. */
export async function pushIndex(
  target: PushTarget,
  repo: string,
  tag: string,
  children: { image: PushedImage; os: string; architecture: string; variant?: string }[],
  mediaType: typeof MEDIA.ociIndex | typeof MEDIA.dockerList = MEDIA.ociIndex,
): Promise<{ digest: string }> {
  const manifests = children.map((c) => ({
    mediaType: MEDIA.dockerManifest,
    digest: c.image.digest,
    size: c.image.manifestSize,
    platform: { os: c.os, architecture: c.architecture, ...(c.variant ? { variant: c.variant } : {}) },
  }));
  return putManifest(target, repo, tag, { schemaVersion: 2, mediaType, manifests }, mediaType);
}

/** Deletes manifests by digest, ignoring ones already gone. */
export async function deleteManifests(target: PushTarget, repo: string, digests: string[]): Promise<void> {
  for (const digest of new Set(digests)) {
    await fetch(`${target.url}/v2/${repo}/manifests/${digest}`, {
      method: 'DELETE',
      headers: await headers(target, repo),
    });
  }
}

/**
 * Removes a test repository from a filesystem-backed registry's storage, so it leaves the catalog (the
 * API can delete manifests but not repositories). Only paths under `wharf-test/` are touched.
 */
export function removeRepositoryFiles(storageRoot: string, repo: string): void {
  if (!repo.startsWith('wharf-test/')) throw new Error(`refusing to remove ${repo}: not a test repository`);
  const repos = path.join(storageRoot, 'docker/registry/v2/repositories');
  fs.rmSync(path.join(repos, repo), { recursive: true, force: true });
  const parent = path.join(repos, 'wharf-test');
  if (fs.existsSync(parent) && fs.readdirSync(parent).length === 0) fs.rmdirSync(parent);
}

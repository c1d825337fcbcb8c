import 'server-only';
import type { TPlatform } from '@/lib/types/registries';

export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
} as const;

/** What Wharf asks a registry for: both single-platform formats and both multi-platform ones. */
export const MANIFEST_ACCEPT = [
  MEDIA.dockerManifest,
  MEDIA.ociManifest,
  MEDIA.dockerList,
  MEDIA.ociIndex,
].join(', ');

export type Descriptor = { mediaType: string; digest: string; size: number };

export type ParsedManifest =
  | { kind: 'image'; mediaType: string; config: Descriptor; layers: Descriptor[]; annotations: Labels }
  | { kind: 'index'; mediaType: string; platforms: TPlatform[]; annotations: Labels };

type Labels = Record<string, string>;

export class ManifestError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function stringRecord(value: unknown): Labels {
  const out: Labels = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function descriptor(value: unknown, what: string): Descriptor {
  if (!isRecord(value)) throw new ManifestError(`the manifest's ${what} is not a descriptor`);
  const digest = str(value.digest);
  const size = value.size;
  if (!digest || typeof size !== 'number' || !Number.isFinite(size) || size < 0) {
    throw new ManifestError(`the manifest's ${what} has no digest or size`);
  }
  return { mediaType: str(value.mediaType) ?? '', digest, size };
}

/** Entries of an index that are not runnable images: BuildKit's attestations and `unknown/unknown`. */
function isAttestation(entry: Record<string, unknown>, platform: Record<string, unknown>): boolean {
  const annotations = stringRecord(entry.annotations);
  if (annotations['vnd.docker.reference.type'] === 'attestation-manifest') return true;
  return platform.os === 'unknown' && platform.architecture === 'unknown';
}

/** The platforms of a Docker manifest list or an OCI index, in the order the index gives. */
export function platformsOf(index: unknown): TPlatform[] {
  if (!isRecord(index) || !Array.isArray(index.manifests)) {
    throw new ManifestError('the index has no list of manifests');
  }
  const out: TPlatform[] = [];
  for (const [i, entry] of index.manifests.entries()) {
    if (!isRecord(entry)) throw new ManifestError(`entry ${i} of the index is not a descriptor`);
    const { digest } = descriptor(entry, `entry ${i}`);
    const platform = isRecord(entry.platform) ? entry.platform : {};
    if (isAttestation(entry, platform)) continue;
    out.push({
      os: str(platform.os) ?? 'unknown',
      architecture: str(platform.architecture) ?? 'unknown',
      variant: str(platform.variant),
      digest,
    });
  }
  return out;
}

/**
 * Reads a manifest body. The media type comes from the body, else the `Content-Type` the registry sent,
 * else the shape (an OCI manifest may leave `mediaType` out).
 */
export function parseManifest(body: unknown, contentType: string | null): ParsedManifest {
  if (!isRecord(body)) throw new ManifestError('the manifest is not a JSON object');
  const declared = str(body.mediaType) ?? str(contentType?.split(';')[0]?.trim()) ?? '';
  const annotations = stringRecord(body.annotations);
  const looksLikeIndex = Array.isArray(body.manifests);
  if (declared === MEDIA.dockerList || declared === MEDIA.ociIndex || (looksLikeIndex && !body.config)) {
    return {
      kind: 'index',
      mediaType: declared === MEDIA.dockerList ? MEDIA.dockerList : MEDIA.ociIndex,
      platforms: platformsOf(body),
      annotations,
    };
  }
  if (body.schemaVersion === 1) {
    throw new ManifestError('the registry answered a schema 1 manifest, which Wharf does not read');
  }
  if (!Array.isArray(body.layers)) throw new ManifestError('the manifest has no list of layers');
  return {
    kind: 'image',
    mediaType: declared === MEDIA.dockerManifest ? MEDIA.dockerManifest : MEDIA.ociManifest,
    config: descriptor(body.config, 'config'),
    layers: body.layers.map((layer, i) => descriptor(layer, `layer ${i}`)),
    annotations,
  };
}

export type ImageConfigFacts = {
  createdAt: string | null;
  architecture: string | null;
  os: string | null;
  variant: string | null;
  labels: Labels;
};

/** What an image config blob says: created, platform and labels (`config.Labels`). */
export function parseImageConfig(body: unknown): ImageConfigFacts {
  if (!isRecord(body)) throw new ManifestError('the image config is not a JSON object');
  const config = isRecord(body.config) ? body.config : {};
  const created = str(body.created);
  return {
    createdAt: created && !Number.isNaN(Date.parse(created)) ? new Date(created).toISOString() : null,
    architecture: str(body.architecture),
    os: str(body.os),
    variant: str(body.variant),
    labels: stringRecord(config.Labels),
  };
}

/** The platform Wharf describes an index by: linux/amd64 where there is one, else the first. */
export function preferredPlatform(platforms: TPlatform[]): TPlatform | null {
  return (
    platforms.find((p) => p.os === 'linux' && p.architecture === 'amd64') ??
    platforms.find((p) => p.os !== 'unknown') ??
    platforms[0] ??
    null
  );
}

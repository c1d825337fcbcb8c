import 'server-only';
import { AppError, isAppError } from '@/lib/errors';
import { familiarRepository, parseReference } from '@/lib/images/reference';
import type { TServiceSpec } from '@/lib/schemas/services';
import { connectionFor } from '../hosts/store';
import { type ImageFacts as HostImageFacts, inspectFresh } from '../images/inspect';
import { freshTagDigest, imageFacts, tagFacts } from '../registry/api';
import { connFromRow } from '../registry/conn';
import { registryForDomain } from '../registry/store';

const REVISION_LABEL = 'org.opencontainers.image.revision';

/** The exact image a release deploys. */
export type ResolvedImage = {
  tag: string | null;
  digest: string;
  /** What containers are created from: `repository@digest`, or an image id for a local-only image. */
  image: string;
  gitRevision: string | null;
  /** Where the digest came from: the configured registry, or the hosts for a local-only image. */
  source: 'registry' | 'hosts';
};

/**
 * Resolves a tag (or checks a digest) against the registry configured for the image's domain, at
 * request time. An image whose domain has no configured registry is local-only: it is looked up on
 * the service's hosts, and must be present there to be deployed.
 */
export async function resolveImage(
  spec: Pick<TServiceSpec, 'image' | 'hosts'>,
  want: { tag?: string; digest?: string },
): Promise<ResolvedImage> {
  return resolve(spec, want);
}

/** Where a tag points now, asked of the registry without any cache (or of the hosts for a local image). */
export async function currentDigest(
  spec: Pick<TServiceSpec, 'image' | 'hosts'>,
  tag: string,
): Promise<string> {
  const ref = parseReference(spec.image);
  const row = await registryForDomain(ref.domain);
  if (!row) return (await resolveOnHosts(spec, { tag }, `${spec.image}:${tag}`)).digest;
  const digest = await freshTagDigest(connFromRow(row), ref.path, tag);
  if (!digest)
    throw new AppError(
      'CONFLICT',
      `registry ${row.name} no longer has the tag ${spec.image}:${tag}; request a new release`,
    );
  return digest;
}

async function resolve(
  spec: Pick<TServiceSpec, 'image' | 'hosts'>,
  want: { tag?: string; digest?: string },
): Promise<ResolvedImage> {
  const ref = parseReference(spec.image);
  const shown = want.tag ? `${spec.image}:${want.tag}` : `${spec.image}@${want.digest}`;
  const row = await registryForDomain(ref.domain);
  if (row) {
    const conn = connFromRow(row);
    if (want.tag) {
      const found = await tagFacts(conn, ref.path, want.tag);
      if (!found) throw new AppError('NOT_FOUND', `registry ${row.name} has no tag ${shown}`);
      return {
        tag: want.tag,
        digest: found.digest,
        image: `${spec.image}@${found.digest}`,
        gitRevision: found.facts.config?.labels[REVISION_LABEL] ?? null,
        source: 'registry',
      };
    }
    const digest = want.digest as string;
    try {
      const facts = await imageFacts(conn, ref.path, digest);
      return {
        tag: null,
        digest,
        image: `${spec.image}@${digest}`,
        gitRevision: facts.config?.labels[REVISION_LABEL] ?? null,
        source: 'registry',
      };
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND')
        throw new AppError('NOT_FOUND', `registry ${row.name} has no image ${shown}`);
      throw error;
    }
  }
  return resolveOnHosts(spec, want, shown);
}

/** The image's digest as the hosts know it, from the first host that has the image. */
async function resolveOnHosts(
  spec: Pick<TServiceSpec, 'image' | 'hosts'>,
  want: { tag?: string; digest?: string },
  shown: string,
): Promise<ResolvedImage> {
  const repository = familiarRepository(parseReference(spec.image));
  const reasons: string[] = [];
  for (const host of spec.hosts) {
    let facts: HostImageFacts;
    try {
      const conn = await connectionFor(host);
      facts = await inspectFresh(conn, shown).catch((error) => {
        // A digest may also be a local image's id.
        if (want.digest && isAppError(error) && error.code === 'NOT_FOUND')
          return inspectFresh(conn, want.digest);
        throw error;
      });
    } catch (error) {
      reasons.push(
        isAppError(error) && error.code === 'NOT_FOUND' ? `not on ${host}` : String((error as Error).message),
      );
      continue;
    }
    const repoDigest = facts.repoDigests.find(
      (d) => d.startsWith(`${repository}@`) || d.startsWith(`${spec.image}@`),
    );
    const digest = repoDigest ? repoDigest.slice(repoDigest.indexOf('@') + 1) : facts.id;
    if (want.digest && digest !== want.digest && facts.id !== want.digest) continue;
    return {
      tag: want.tag ?? null,
      digest,
      image: repoDigest ? `${spec.image}@${digest}` : facts.id,
      gitRevision: facts.labels[REVISION_LABEL] ?? null,
      source: 'hosts',
    };
  }
  throw new AppError(
    'NOT_FOUND',
    `no registry is configured for ${spec.image} and no host of the service has ${shown} (${reasons.join('; ')}); add the registry or load the image on the hosts`,
  );
}

import type { TRegistryTag } from '@/lib/types/registries';

/**
 * A tag known by its name (and perhaps its digest) but none of its details: while the browser still
 * reads them, or, with `error`, when the server could not.
 */
export function bareTag(
  name: string,
  digest: string | null = null,
  error: string | null = null,
): TRegistryTag {
  return {
    name,
    digest,
    mediaType: null,
    size: null,
    createdAt: null,
    architecture: null,
    os: null,
    platforms: null,
    labels: {},
    revision: null,
    source: null,
    runsOn: { hosts: [], services: [] },
    error,
  };
}

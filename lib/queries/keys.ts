import type { TAuditFilters } from './audit';

/** The one query-key factory, rooted at the host, so invalidating a host reaches everything under it. */
export const keys = {
  hosts: () => ['hosts'] as const,
  host: (hostRef: string) => ['hosts', hostRef] as const,
  containers: (hostRef: string) => ['hosts', hostRef, 'containers'] as const,
  container: (hostRef: string, id: string) => ['hosts', hostRef, 'containers', id] as const,
  hostImages: (hostRef: string) => ['hosts', hostRef, 'images'] as const,
  hostImage: (hostRef: string, id: string) => ['hosts', hostRef, 'images', id] as const,
  prunePreview: (hostRef: string) => ['hosts', hostRef, 'image-prune'] as const,
  hostVolumes: (hostRef: string) => ['hosts', hostRef, 'volumes'] as const,
  volume: (hostRef: string, name: string) => ['hosts', hostRef, 'volumes', name] as const,
  volumeBackups: (hostRef: string, name: string) => ['hosts', hostRef, 'volumes', name, 'backups'] as const,
  volumeSizes: (hostRef: string) => ['hosts', hostRef, 'volume-sizes'] as const,
  volumePrunePreview: (hostRef: string) => ['hosts', hostRef, 'volume-prune'] as const,
  volumes: () => ['volumes'] as const,
  fleetVolumes: () => ['volumes', 'fleet'] as const,
  images: () => ['images'] as const,
  fleetImages: () => ['images', 'fleet'] as const,
  lineage: () => ['images', 'lineage'] as const,
  auditAll: () => ['audit'] as const,
  audit: (filters: TAuditFilters) => ['audit', filters] as const,
  users: () => ['users'] as const,
  tokens: () => ['tokens'] as const,
  me: () => ['me'] as const,
  registries: () => ['registries'] as const,
  registry: (regRef: string) => ['registries', regRef] as const,
  repositories: (regRef: string, q: string) => ['registries', regRef, 'repositories', { q }] as const,
  tags: (regRef: string, repository: string) => ['registries', regRef, 'tags', repository] as const,
  tagNames: (regRef: string, repository: string) => ['registries', regRef, 'tag-names', repository] as const,
  manifest: (regRef: string, repository: string, reference: string) =>
    ['registries', regRef, 'manifests', repository, reference] as const,
};

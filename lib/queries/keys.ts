import type { TAuditFilters } from './audit';

/** The one query-key factory, rooted at the host, so invalidating a host reaches everything under it. */
export const keys = {
  hosts: () => ['hosts'] as const,
  host: (hostRef: string) => ['hosts', hostRef] as const,
  containers: (hostRef: string) => ['hosts', hostRef, 'containers'] as const,
  container: (hostRef: string, id: string) => ['hosts', hostRef, 'containers', id] as const,
  auditAll: () => ['audit'] as const,
  audit: (filters: TAuditFilters) => ['audit', filters] as const,
  users: () => ['users'] as const,
  tokens: () => ['tokens'] as const,
  me: () => ['me'] as const,
};

import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch } from './api';
import { keys } from './keys';

export { AUDIT_RESULTS, type TAuditItem, type TAuditResult } from '@/lib/types/access';

import { AUDIT_RESULTS, type TAuditItem, type TAuditResult } from '@/lib/types/access';

export type TAuditFilters = {
  actor?: string;
  action?: string;
  target?: string;
  result?: TAuditResult;
  since?: string;
  until?: string;
};

export const AUDIT_FILTER_NAMES = ['actor', 'action', 'target', 'result', 'since', 'until'] as const;

export type TAuditPage = { items: TAuditItem[]; nextCursor: string | null };

const PAGE_SIZE = 100;

/** Reads the filters from a URL query string, dropping anything unknown or empty. */
export function auditFiltersFrom(params: URLSearchParams): TAuditFilters {
  const filters: TAuditFilters = {};
  for (const name of AUDIT_FILTER_NAMES) {
    const value = params.get(name)?.trim();
    if (!value) continue;
    if (name === 'result') {
      if ((AUDIT_RESULTS as readonly string[]).includes(value)) filters.result = value as TAuditResult;
    } else {
      filters[name] = value;
    }
  }
  return filters;
}

export function auditQueryOptions(filters: TAuditFilters) {
  return infiniteQueryOptions({
    queryKey: keys.audit(filters),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ ...filters, limit: String(PAGE_SIZE) });
      if (pageParam) params.set('cursor', pageParam);
      return apiFetch<TAuditPage>(`/api/v1/audit?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useAudit(filters: TAuditFilters) {
  return useInfiniteQuery(auditQueryOptions(filters));
}

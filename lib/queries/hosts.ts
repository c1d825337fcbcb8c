import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCreateHost, TUpdateHost } from '@/lib/schemas/hosts';
import type { TEngineInfo, THost, THostSummary } from '@/lib/types/fleet';
import { apiFetch } from './api';
import { keys } from './keys';

export const OVERVIEW_REFETCH_MS = 10_000;

function hostPath(hostRef: string): string {
  return `/api/v1/hosts/${encodeURIComponent(hostRef)}`;
}

export function hostsQueryOptions() {
  return queryOptions({
    queryKey: keys.hosts(),
    queryFn: ({ signal }) => apiFetch<THostSummary[]>('/api/v1/hosts', { signal }),
    refetchInterval: OVERVIEW_REFETCH_MS,
  });
}

export function useHosts() {
  return useQuery(hostsQueryOptions());
}

export function hostQueryOptions(hostRef: string) {
  return queryOptions({
    queryKey: keys.host(hostRef),
    queryFn: ({ signal }) => apiFetch<THostSummary>(hostPath(hostRef), { signal }),
    refetchInterval: OVERVIEW_REFETCH_MS,
  });
}

/** One host's summary; starts from the overview's copy when there is one, so the header shows at once. */
export function useHost(hostRef: string) {
  const queryClient = useQueryClient();
  return useQuery({
    ...hostQueryOptions(hostRef),
    initialData: () =>
      queryClient
        .getQueryData(hostsQueryOptions().queryKey)
        ?.find((h) => h.name === hostRef || h.id === hostRef),
    initialDataUpdatedAt: () => queryClient.getQueryState(keys.hosts())?.dataUpdatedAt,
  });
}

export function useCreateHost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateHost) =>
      apiFetch<THost & { engine: TEngineInfo }>('/api/v1/hosts', { method: 'POST', body: input }),
    meta: { inlineErrors: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.hosts(), exact: true }),
  });
}

export function useUpdateHost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ hostRef, input }: { hostRef: string; input: TUpdateHost }) =>
      apiFetch<THost>(hostPath(hostRef), { method: 'PATCH', body: input }),
    meta: { inlineErrors: true },
    onSuccess: (_host, { hostRef }) => {
      queryClient.removeQueries({ queryKey: keys.host(hostRef) });
      return queryClient.invalidateQueries({ queryKey: keys.hosts() });
    },
  });
}

export function useDeleteHost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (hostRef: string) =>
      apiFetch<{ id: string; name: string }>(hostPath(hostRef), { method: 'DELETE' }),
    onSuccess: (_res, hostRef) => {
      queryClient.removeQueries({ queryKey: keys.host(hostRef) });
      return queryClient.invalidateQueries({ queryKey: keys.hosts(), exact: true });
    },
  });
}

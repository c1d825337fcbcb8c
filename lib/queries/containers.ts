import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TContainerAction } from '@/lib/schemas/hosts';
import type { TContainer, TContainerDetail } from '@/lib/types/fleet';
import { apiFetch } from './api';
import { keys } from './keys';

export const CONTAINERS_REFETCH_MS = 15_000;

function containersPath(hostRef: string): string {
  return `/api/v1/hosts/${encodeURIComponent(hostRef)}/containers`;
}

export function containersQueryOptions(hostRef: string) {
  return queryOptions({
    queryKey: keys.containers(hostRef),
    queryFn: ({ signal }) => apiFetch<TContainer[]>(containersPath(hostRef), { signal }),
    refetchInterval: CONTAINERS_REFETCH_MS,
  });
}

export function useContainers(hostRef: string) {
  return useQuery(containersQueryOptions(hostRef));
}

export function containerQueryOptions(hostRef: string, id: string) {
  return queryOptions({
    queryKey: keys.container(hostRef, id),
    queryFn: ({ signal }) =>
      apiFetch<TContainerDetail>(`${containersPath(hostRef)}/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: CONTAINERS_REFETCH_MS,
  });
}

export function useContainer(hostRef: string, id: string) {
  return useQuery(containerQueryOptions(hostRef, id));
}

export function useContainerAction(hostRef: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: TContainerAction) =>
      apiFetch<unknown>(`${containersPath(hostRef)}/${encodeURIComponent(id)}/${action}`, {
        method: 'POST',
        body: {},
      }),
    // Everything under the host: this container, the host's list and its counts.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.host(hostRef) }),
        queryClient.invalidateQueries({ queryKey: keys.hosts(), exact: true }),
      ]),
  });
}

import { useQuery } from '@tanstack/react-query';
import type { TFleetNetworks, THostNetworks } from '@/lib/types/ports';
import { apiFetch } from './api';
import { keys } from './keys';

/** Networks change rarely; a slow poll catches what others did. */
export const NETWORKS_REFETCH_MS = 30_000;

/** The networks page, for every host or one. */
export function networksHref(hostRef?: string): string {
  return hostRef ? `/networks?host=${encodeURIComponent(hostRef)}` : '/networks';
}

export function useHostNetworks(hostRef: string) {
  return useQuery({
    queryKey: keys.hostNetworks(hostRef),
    queryFn: ({ signal }) =>
      apiFetch<THostNetworks>(`/api/v1/hosts/${encodeURIComponent(hostRef)}/networks`, { signal }),
    refetchInterval: NETWORKS_REFETCH_MS,
  });
}

export function useFleetNetworks() {
  return useQuery({
    queryKey: keys.fleetNetworks(),
    queryFn: ({ signal }) => apiFetch<TFleetNetworks>('/api/v1/networks', { signal }),
    refetchInterval: NETWORKS_REFETCH_MS,
  });
}

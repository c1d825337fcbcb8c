import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCreateReservation } from '@/lib/schemas/ports';
import type {
  TFleetPortConflicts,
  THostPorts,
  TPortProto,
  TPortReservation,
  TPortSuggestion,
} from '@/lib/types/ports';
import { apiFetch } from './api';
import { keys } from './keys';

/** Ports change when containers start and stop; the map follows at the container list's pace. */
export const PORTS_REFETCH_MS = 15_000;
/** The fleet's conflicts are a summary; a slower poll is enough. */
export const CONFLICTS_REFETCH_MS = 30_000;

function hostPath(hostRef: string, what: 'ports' | 'ports/suggest' | 'port-reservations'): string {
  return `/api/v1/hosts/${encodeURIComponent(hostRef)}/${what}`;
}

/** The port map of one host in the browser. */
export function portsHref(hostRef: string, port?: number): string {
  const query = new URLSearchParams({ host: hostRef });
  if (port !== undefined) query.set('q', String(port));
  return `/ports?${query}`;
}

export function useHostPorts(hostRef: string) {
  return useQuery({
    queryKey: keys.hostPorts(hostRef),
    queryFn: ({ signal }) => apiFetch<THostPorts>(hostPath(hostRef, 'ports'), { signal }),
    refetchInterval: PORTS_REFETCH_MS,
  });
}

export type TSuggestParams = { from: number; to: number; proto: TPortProto; count: number };

/** Free ports in a range; asked when the user submits, never refreshed behind the shown answer. */
export function usePortSuggestion(hostRef: string, params: TSuggestParams | null) {
  return useQuery({
    queryKey: keys.portSuggestion(hostRef, params ?? {}),
    queryFn: ({ signal }) => {
      const query = new URLSearchParams(
        Object.entries(params ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
      );
      return apiFetch<TPortSuggestion>(`${hostPath(hostRef, 'ports/suggest')}?${query}`, { signal });
    },
    enabled: params !== null,
    staleTime: 0,
    refetchOnWindowFocus: false,
    meta: { inlineErrors: true },
  });
}

export function usePortReservations(hostRef: string) {
  return useQuery({
    queryKey: keys.portReservations(hostRef),
    queryFn: ({ signal }) => apiFetch<TPortReservation[]>(hostPath(hostRef, 'port-reservations'), { signal }),
    refetchInterval: PORTS_REFETCH_MS,
  });
}

export function useFleetPortConflicts() {
  return useQuery({
    queryKey: keys.portConflicts(),
    queryFn: ({ signal }) => apiFetch<TFleetPortConflicts>('/api/v1/ports/conflicts', { signal }),
    refetchInterval: CONFLICTS_REFETCH_MS,
  });
}

type QueryClient = ReturnType<typeof useQueryClient>;

/** Everything a reservation shows in: the host's map, its reservations, suggestions and the fleet's conflicts. */
function invalidatePorts(queryClient: QueryClient, hostRef: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.hostPorts(hostRef) }),
    queryClient.invalidateQueries({ queryKey: keys.portReservations(hostRef) }),
    queryClient.invalidateQueries({ queryKey: keys.ports() }),
  ]);
}

export function useCreateReservation(hostRef: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TCreateReservation) =>
      apiFetch<TPortReservation>(hostPath(hostRef, 'port-reservations'), { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: () => invalidatePorts(queryClient, hostRef),
  });
}

export function useDeleteReservation(hostRef: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ deleted: true }>(`${hostPath(hostRef, 'port-reservations')}/${encodeURIComponent(id)}`, {
        method: 'DELETE',
      }),
    onSuccess: () => invalidatePorts(queryClient, hostRef),
  });
}

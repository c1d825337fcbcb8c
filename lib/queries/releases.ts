import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  type TConfigDiff,
  TERMINAL_STATUSES,
  type TFreezeWindow,
  type TKeptLog,
  type TRelease,
  type TReleaseStatus,
  type TRollbackability,
} from '@/lib/types/releases';
import { apiFetch } from './api';
import { keys } from './keys';
import { invalidateServices, servicePath } from './services';

/** A release under way is followed closely, so its steps show as they happen. */
export const RELEASE_LIVE_MS = 1_000;
/** A release waiting for a lead changes only when someone acts; a slower poll catches that. */
export const RELEASE_WAITING_MS = 5_000;
/** Lists of releases: calm unless one of them is under way. */
export const RELEASES_REFETCH_MS = 15_000;

export function isTerminal(status: TReleaseStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function isUnderWay(status: TReleaseStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** How often something that shows these releases asks again. */
function pollFor(statuses: TReleaseStatus[]): number {
  if (statuses.some(isUnderWay)) return RELEASE_LIVE_MS;
  if (statuses.includes('pending_approval')) return RELEASE_WAITING_MS;
  return RELEASES_REFETCH_MS;
}

export function releasePath(id: string): string {
  return `/api/v1/releases/${encodeURIComponent(id)}`;
}

/** The browser address of a release. */
export function releaseHref(id: string): string {
  return `/releases/${encodeURIComponent(id)}`;
}

export function serviceReleasesQueryOptions(name: string) {
  return queryOptions({
    queryKey: keys.serviceReleases(name),
    queryFn: ({ signal }) => apiFetch<TRelease[]>(`${servicePath(name)}/releases`, { signal }),
    refetchInterval: (query) => pollFor((query.state.data ?? []).map((r) => r.status)),
  });
}

/** A service's releases, newest first. */
export function useServiceReleases(name: string, enabled = true) {
  return useQuery({
    ...serviceReleasesQueryOptions(name),
    enabled: enabled && name !== '',
    meta: { inlineErrors: true },
  });
}

export type TReleaseFilters = { status?: string; service?: string; limit?: string };

function cleanFilters(filters: TReleaseFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) if (v) out[k] = v;
  return out;
}

export function releaseListQueryOptions(filters: TReleaseFilters) {
  const clean = cleanFilters(filters);
  return queryOptions({
    queryKey: keys.releaseList(clean),
    queryFn: ({ signal }) => {
      const qs = new URLSearchParams(clean).toString();
      return apiFetch<TRelease[]>(`/api/v1/releases${qs ? `?${qs}` : ''}`, { signal });
    },
    refetchInterval: (query) => pollFor((query.state.data ?? []).map((r) => r.status)),
  });
}

/** Releases across the fleet, newest first, by status and service. */
export function useReleaseList(filters: TReleaseFilters) {
  return useQuery({ ...releaseListQueryOptions(filters), meta: { inlineErrors: true } });
}

/** The releases waiting for a lead, oldest request last as the server orders them. */
export function usePendingApprovals(enabled = true) {
  return useQuery({
    ...releaseListQueryOptions({ status: 'pending_approval', limit: '500' }),
    enabled,
    refetchInterval: RELEASE_WAITING_MS,
    meta: { inlineErrors: true },
  });
}

/** One release, asked for every second while it is queued or running and no more once it ended. */
export function useRelease(id: string) {
  return useQuery({
    queryKey: keys.release(id),
    queryFn: ({ signal }) => apiFetch<TRelease>(releasePath(id), { signal }),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status ? pollFor([status]) : false;
    },
    meta: { inlineErrors: true },
  });
}

export function useReleaseDiff(id: string, enabled = true) {
  return useQuery({
    queryKey: keys.releaseDiff(id),
    queryFn: ({ signal }) => apiFetch<TConfigDiff>(`${releasePath(id)}/diff`, { signal }),
    enabled,
    staleTime: 60_000,
    meta: { inlineErrors: true },
  });
}

/** Whether a rollback to this release could run now; read only when someone looks at it. */
export function useRollbackCheck(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.releaseRollbackCheck(id),
    queryFn: ({ signal }) => apiFetch<TRollbackability>(`${releasePath(id)}/rollback-check`, { signal }),
    enabled,
    staleTime: 30_000,
    refetchOnWindowFocus: false,
    meta: { inlineErrors: true },
  });
}

export function useReleaseLogs(id: string, live: boolean) {
  return useQuery({
    queryKey: keys.releaseLogs(id),
    queryFn: ({ signal }) => apiFetch<TKeptLog[]>(`${releasePath(id)}/logs`, { signal }),
    refetchInterval: live ? RELEASE_LIVE_MS * 3 : false,
    meta: { inlineErrors: true },
  });
}

export function useFreezes() {
  return useQuery({
    queryKey: keys.freezes(),
    queryFn: ({ signal }) => apiFetch<TFreezeWindow[]>('/api/v1/freezes', { signal }),
    refetchInterval: 60_000,
    meta: { inlineErrors: true },
  });
}

type QueryClient = ReturnType<typeof useQueryClient>;

/** A release changed: every list and page of releases, and the services that show where they stand. */
export function invalidateReleases(queryClient: QueryClient, release?: TRelease) {
  if (release) queryClient.setQueryData(keys.release(release.id), release);
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.releases() }),
    invalidateServices(queryClient),
  ]);
}

export type TRequestReleaseInput = { tag?: string; digest?: string; note: string; hotfix: boolean };

export function useRequestRelease(service: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TRequestReleaseInput) =>
      apiFetch<TRelease>(`${servicePath(service)}/releases`, { method: 'POST', body: input }),
    meta: { inlineErrors: true },
    onSuccess: (release) => invalidateReleases(queryClient, release),
  });
}

export function useRollback(service: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { toRelease?: number; note: string }) =>
      apiFetch<TRelease>(`${servicePath(service)}/rollback`, { method: 'POST', body: input }),
    meta: { inlineErrors: true },
    onSuccess: (release) => invalidateReleases(queryClient, release),
  });
}

export type TReleaseDecision =
  | { action: 'approve'; note: string }
  | { action: 'reject'; reason: string }
  | { action: 'cancel'; reason: string };

/** Approves, rejects or cancels a release; each answers the release as it now stands. */
export function useDecideRelease(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, ...body }: TReleaseDecision) =>
      apiFetch<TRelease>(`${releasePath(id)}/${action}`, { method: 'POST', body }),
    meta: { inlineErrors: true },
    onSuccess: (release) => invalidateReleases(queryClient, release),
  });
}

export type TFreezeInput = { service?: string; startsAt: string; endsAt: string; reason: string };

export function useCreateFreeze() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TFreezeInput) =>
      apiFetch<TFreezeWindow>('/api/v1/freezes', { method: 'POST', body: input }),
    meta: { inlineErrors: true },
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.freezes() }),
        invalidateServices(queryClient),
      ]),
  });
}

export function useDeleteFreeze() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ deleted: true }>(`/api/v1/freezes/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keys.freezes() }),
        invalidateServices(queryClient),
      ]),
  });
}

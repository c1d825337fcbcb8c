import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TBackup,
  TFleetVolumes,
  THostVolumes,
  TRestoreResult,
  TVolumeDeleteResult,
  TVolumeDetail,
  TVolumeProtection,
  TVolumePrunePreview,
  TVolumePruneResult,
  TVolumeSizes,
} from '@/lib/types/volumes';
import { apiFetch } from './api';
import { keys } from './keys';

/** Volumes change when someone acts on them; a slow poll catches what others did. */
export const VOLUMES_REFETCH_MS = 30_000;
/** How often a running disk-usage measurement is asked about. */
export const SIZES_POLL_MS = 1_500;

function hostVolumesPath(hostRef: string): string {
  return `/api/v1/hosts/${encodeURIComponent(hostRef)}/volumes`;
}

export function volumePath(hostRef: string, name: string): string {
  return `${hostVolumesPath(hostRef)}/${encodeURIComponent(name)}`;
}

function hostPath(hostRef: string, what: 'volume-sizes' | 'volume-prune'): string {
  return `/api/v1/hosts/${encodeURIComponent(hostRef)}/${what}`;
}

/** The browser address of one volume on one host. */
export function volumeHref(hostRef: string, name: string): string {
  return `/hosts/${encodeURIComponent(hostRef)}/volumes/${encodeURIComponent(name)}`;
}

/** The host page with its volumes tab open. */
export function hostVolumesHref(hostRef: string): string {
  return `/hosts/${encodeURIComponent(hostRef)}?tab=volumes`;
}

/** The backup's .tar.gz, streamed by the server as a download. */
export function backupDownloadHref(id: string): string {
  return `/api/v1/backups/${encodeURIComponent(id)}/download`;
}

export function fleetVolumesQueryOptions() {
  return queryOptions({
    queryKey: keys.fleetVolumes(),
    queryFn: ({ signal }) => apiFetch<TFleetVolumes>('/api/v1/volumes', { signal }),
    refetchInterval: VOLUMES_REFETCH_MS,
  });
}

export function useFleetVolumes() {
  return useQuery(fleetVolumesQueryOptions());
}

export function useHostVolumes(hostRef: string) {
  return useQuery({
    queryKey: keys.hostVolumes(hostRef),
    queryFn: ({ signal }) => apiFetch<THostVolumes>(hostVolumesPath(hostRef), { signal }),
    refetchInterval: VOLUMES_REFETCH_MS,
  });
}

export function useVolume(hostRef: string, name: string) {
  return useQuery({
    queryKey: keys.volume(hostRef, name),
    queryFn: ({ signal }) => apiFetch<TVolumeDetail>(volumePath(hostRef, name), { signal }),
    refetchInterval: VOLUMES_REFETCH_MS,
  });
}

/** The backups kept for a volume, also once the volume itself is gone. */
export function useVolumeBackups(hostRef: string, name: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.volumeBackups(hostRef, name),
    queryFn: ({ signal }) => apiFetch<TBackup[]>(`${volumePath(hostRef, name)}/backups`, { signal }),
    enabled,
    meta: { inlineErrors: true },
  });
}

/** The host's disk-usage state, read while a measurement runs and polled until it ends. */
export function useVolumeSizes(hostRef: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.volumeSizes(hostRef),
    queryFn: ({ signal }) => apiFetch<TVolumeSizes>(hostPath(hostRef, 'volume-sizes'), { signal }),
    enabled,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? SIZES_POLL_MS : false),
    refetchOnWindowFocus: false,
    meta: { inlineErrors: true },
  });
}

type QueryClient = ReturnType<typeof useQueryClient>;

/** Everything that shows a host's volumes: its list and volume pages, the fleet list and the host counts. */
export function invalidateVolumes(queryClient: QueryClient, hostRef: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.hostVolumes(hostRef) }),
    queryClient.invalidateQueries({ queryKey: keys.volumes() }),
    queryClient.invalidateQueries({ queryKey: keys.host(hostRef), exact: true }),
    queryClient.invalidateQueries({ queryKey: keys.hosts(), exact: true }),
  ]);
}

export function useMeasureSizes(hostRef: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<TVolumeSizes>(hostPath(hostRef, 'volume-sizes'), { method: 'POST' }),
    meta: { inlineErrors: true },
    onSuccess: (sizes) => queryClient.setQueryData(keys.volumeSizes(hostRef), sizes),
  });
}

export function useDeleteVolume(hostRef: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ confirm, backup }: { confirm: string; backup: boolean }) => {
      const query = new URLSearchParams({ confirm });
      if (!backup) query.set('backup', 'false');
      return apiFetch<TVolumeDeleteResult>(`${volumePath(hostRef, name)}?${query}`, { method: 'DELETE' });
    },
    meta: { inlineErrors: true },
    onSuccess: () => {
      // The volume's own page would only answer 404 now; the lists and the backups are what changed.
      queryClient.removeQueries({ queryKey: keys.volume(hostRef, name), exact: true });
      return invalidateVolumes(queryClient, hostRef);
    },
  });
}

/** Protects a volume (`protect`) or lifts its protection; both carry a reason for the audit log. */
export function useSetProtection(hostRef: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ protect, reason }: { protect: boolean; reason: string }) =>
      apiFetch<TVolumeProtection>(`${volumePath(hostRef, name)}/protection`, {
        method: protect ? 'POST' : 'DELETE',
        body: { reason },
      }),
    meta: { inlineErrors: true },
    onSuccess: () => invalidateVolumes(queryClient, hostRef),
  });
}

export function useBackupVolume(hostRef: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (note: string) =>
      apiFetch<TBackup>(`${volumePath(hostRef, name)}/backups`, {
        method: 'POST',
        body: note.trim() ? { note: note.trim() } : {},
      }),
    meta: { inlineErrors: true },
    onSuccess: () => invalidateVolumes(queryClient, hostRef),
  });
}

export function useRestoreBackup(backup: TBackup) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ volume, backupFirst }: { volume: string; backupFirst: boolean }) =>
      apiFetch<TRestoreResult>(`/api/v1/backups/${encodeURIComponent(backup.id)}/restore`, {
        method: 'POST',
        body: { volume, backupFirst },
      }),
    meta: { inlineErrors: true },
    onSuccess: (result) =>
      Promise.all([
        invalidateVolumes(queryClient, backup.host.name),
        result.host.name === backup.host.name ? null : invalidateVolumes(queryClient, result.host.name),
      ]),
  });
}

/** The preview is read when the dialog opens and never refreshed behind the user's back. */
export function useVolumePrunePreview(hostRef: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.volumePrunePreview(hostRef),
    queryFn: ({ signal }) => apiFetch<TVolumePrunePreview>(hostPath(hostRef, 'volume-prune'), { signal }),
    enabled,
    staleTime: 0,
    gcTime: 0,
    refetchOnWindowFocus: false,
    meta: { inlineErrors: true },
  });
}

export function useVolumePrune(hostRef: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ confirm, backup }: { confirm: string; backup: boolean }) =>
      apiFetch<TVolumePruneResult>(hostPath(hostRef, 'volume-prune'), {
        method: 'POST',
        body: { confirm, backup },
      }),
    meta: { inlineErrors: true },
    onSuccess: () => invalidateVolumes(queryClient, hostRef),
  });
}

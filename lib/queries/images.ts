import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  TFleetImages,
  THostImages,
  TImageDetail,
  TImageRemoveResult,
  TLineage,
  TPrunePreview,
  TPruneResult,
  TPullEvent,
} from '@/lib/types/images';
import { ApiError, apiFetch } from './api';
import { keys } from './keys';

/** Image lists change rarely and the engines' events do not cover them here, so they poll slowly. */
export const IMAGES_REFETCH_MS = 30_000;

function hostImagesPath(hostRef: string): string {
  return `/api/v1/hosts/${encodeURIComponent(hostRef)}/images`;
}

/** An image id or a reference travels as one path segment. */
export function hostImagePath(hostRef: string, id: string): string {
  return `${hostImagesPath(hostRef)}/${encodeURIComponent(id)}`;
}

/** The browser address of one image on one host. */
export function hostImageHref(hostRef: string, id: string): string {
  return `/hosts/${encodeURIComponent(hostRef)}/images/${encodeURIComponent(id)}`;
}

/** The browser address of one repository:tag across the fleet; slashes stay path separators. */
export function fleetImageHref(ref: string): string {
  return `/images/${ref.split('/').map(encodeURIComponent).join('/')}`;
}

export function fleetImagesQueryOptions() {
  return queryOptions({
    queryKey: keys.fleetImages(),
    queryFn: ({ signal }) => apiFetch<TFleetImages>('/api/v1/images', { signal }),
    refetchInterval: IMAGES_REFETCH_MS,
  });
}

export function useFleetImages() {
  return useQuery(fleetImagesQueryOptions());
}

/** The drift counts for the overview: the same query, with its errors kept out of the toasts. */
export function useFleetDrift() {
  return useQuery({ ...fleetImagesQueryOptions(), meta: { inlineErrors: true } });
}

export function useLineage() {
  return useQuery({
    queryKey: keys.lineage(),
    queryFn: ({ signal }) => apiFetch<TLineage>('/api/v1/images/lineage', { signal }),
    refetchInterval: IMAGES_REFETCH_MS,
  });
}

export function hostImagesQueryOptions(hostRef: string) {
  return queryOptions({
    queryKey: keys.hostImages(hostRef),
    queryFn: ({ signal }) => apiFetch<THostImages>(hostImagesPath(hostRef), { signal }),
    refetchInterval: IMAGES_REFETCH_MS,
  });
}

export function useHostImages(hostRef: string, enabled = true) {
  return useQuery({ ...hostImagesQueryOptions(hostRef), enabled });
}

export function useHostImage(hostRef: string, id: string) {
  return useQuery({
    queryKey: keys.hostImage(hostRef, id),
    queryFn: ({ signal }) => apiFetch<TImageDetail>(hostImagePath(hostRef, id), { signal }),
  });
}

/** The host's list, the fleet views and the counts; an image's own page only where it still exists. */
function invalidateImages(queryClient: ReturnType<typeof useQueryClient>, hostRef: string, keep?: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.hostImages(hostRef), exact: true }),
    keep ? queryClient.invalidateQueries({ queryKey: keys.hostImage(hostRef, keep) }) : null,
    queryClient.invalidateQueries({ queryKey: keys.images() }),
    queryClient.invalidateQueries({ queryKey: keys.host(hostRef), exact: true }),
    queryClient.invalidateQueries({ queryKey: keys.hosts(), exact: true }),
  ]);
}

export function useRemoveImage(hostRef: string) {
  const queryClient = useQueryClient();
  return useMutation({
    /** With `tag`, only that tag goes when the image has several; the image stays. */
    mutationFn: ({ id, tag }: { id: string; tag?: string }) =>
      apiFetch<TImageRemoveResult>(
        `${hostImagePath(hostRef, id)}${tag ? `?${new URLSearchParams({ tag })}` : ''}`,
        { method: 'DELETE' },
      ),
    meta: { inlineErrors: true },
    onSuccess: (_result, { id, tag }) => invalidateImages(queryClient, hostRef, tag ? id : undefined),
  });
}

/** The preview is read when the dialog opens and never refreshed behind the user's back. */
export function usePrunePreview(hostRef: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.prunePreview(hostRef),
    queryFn: ({ signal }) => apiFetch<TPrunePreview>(`${hostImagesPath(hostRef)}/prune`, { signal }),
    enabled,
    staleTime: 0,
    gcTime: 0,
    refetchOnWindowFocus: false,
    meta: { inlineErrors: true },
  });
}

export function usePrune(hostRef: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (confirm: string) =>
      apiFetch<TPruneResult>(`${hostImagesPath(hostRef)}/prune`, { method: 'POST', body: { confirm } }),
    meta: { inlineErrors: true },
    onSuccess: () => invalidateImages(queryClient, hostRef),
  });
}

/** Parses NDJSON as it arrives; a line that is not JSON is skipped, a partial line waits for the rest. */
async function readLines(body: ReadableStream<Uint8Array>, onLine: (value: unknown) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const emit = (line: string) => {
    if (!line.trim()) return;
    try {
      onLine(JSON.parse(line));
    } catch {
      // Not a complete JSON line: nothing to show.
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      emit(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
    }
  }
  emit(buffer + decoder.decode());
}

/**
 * Pulls a reference to some hosts (one host through its own route, several through the fleet route)
 * and hands every progress line to `onEvent`. Throws an ApiError when the server refuses the pull
 * before streaming.
 */
export async function streamPull(
  ref: string,
  hosts: string[],
  onEvent: (event: TPullEvent) => void,
  signal?: AbortSignal,
): Promise<void> {
  const single = hosts.length === 1 ? hosts[0] : undefined;
  const path = single ? `${hostImagesPath(single)}/pull` : '/api/v1/images/pull';
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      signal,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/x-ndjson, application/json' },
      body: JSON.stringify(single ? { ref } : { ref, hosts }),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('Wharf could not be reached: check your connection', 0, 'NETWORK');
  }
  if (!res.ok) {
    let message = `the server answered ${res.status} ${res.statusText}`.trim();
    let code = 'HTTP_ERROR';
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      if (body.error?.message) message = body.error.message;
      if (body.error?.code) code = body.error.code;
    } catch {
      // Not JSON: keep the status line.
    }
    throw new ApiError(message, res.status, code);
  }
  if (!res.body) return;
  await readLines(res.body, (value) => {
    if (value && typeof value === 'object' && 'type' in value && 'host' in value)
      onEvent(value as TPullEvent);
  });
}

/** Refreshes everything that shows images after a pull. */
export function useAfterPull() {
  const queryClient = useQueryClient();
  return (hosts: string[]) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: keys.images() }),
      ...hosts.map((h) => queryClient.invalidateQueries({ queryKey: keys.hostImages(h) })),
      queryClient.invalidateQueries({ queryKey: keys.hosts(), exact: true }),
    ]);
}

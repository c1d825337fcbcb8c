import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { TCreateRegistry, TUpdateRegistry } from '@/lib/schemas/registries';
import type {
  TManifestDetail,
  TRegistry,
  TRepositoryPage,
  TTagNames,
  TTagPage,
} from '@/lib/types/registries';
import { apiFetch } from './api';
import { keys } from './keys';

export const REPOSITORY_PAGE_SIZE = 100;

export function registryPath(regRef: string): string {
  return `/api/v1/registries/${encodeURIComponent(regRef)}`;
}

/** A repository path keeps its slashes; each component is encoded on its own. */
export function repositoryPath(regRef: string, repository: string): string {
  return `${registryPath(regRef)}/repositories/${repository.split('/').map(encodeURIComponent).join('/')}`;
}

/** The browser's page of a repository. */
export function repositoryHref(regRef: string, repository: string): string {
  return `/registries/${encodeURIComponent(regRef)}/repositories/${repository.split('/').map(encodeURIComponent).join('/')}`;
}

export function registriesQueryOptions() {
  return queryOptions({
    queryKey: keys.registries(),
    queryFn: ({ signal }) => apiFetch<TRegistry[]>('/api/v1/registries', { signal }),
  });
}

export function useRegistries() {
  return useQuery(registriesQueryOptions());
}

export function registryQueryOptions(regRef: string) {
  return queryOptions({
    queryKey: keys.registry(regRef),
    queryFn: ({ signal }) => apiFetch<TRegistry>(registryPath(regRef), { signal }),
    meta: { inlineErrors: true },
  });
}

/** One registry; starts from the list's copy when there is one, so the header shows at once. */
export function useRegistry(regRef: string) {
  const queryClient = useQueryClient();
  return useQuery({
    ...registryQueryOptions(regRef),
    initialData: () =>
      queryClient
        .getQueryData(registriesQueryOptions().queryKey)
        ?.find((r) => r.name === regRef || r.id === regRef),
    initialDataUpdatedAt: () => queryClient.getQueryState(keys.registries())?.dataUpdatedAt,
  });
}

export function repositoriesQueryOptions(regRef: string, q: string) {
  return infiniteQueryOptions({
    queryKey: keys.repositories(regRef, q),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ n: String(REPOSITORY_PAGE_SIZE) });
      if (q) params.set('q', q);
      if (pageParam) params.set('last', pageParam);
      return apiFetch<TRepositoryPage>(`${registryPath(regRef)}/repositories?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    meta: { inlineErrors: true },
  });
}

/** Keeps the last answer on screen while a new search runs. */
export function useRepositories(regRef: string, q: string) {
  return useInfiniteQuery({ ...repositoriesQueryOptions(regRef, q), placeholderData: keepPreviousData });
}

export function tagsQueryOptions(regRef: string, repository: string) {
  return infiniteQueryOptions({
    queryKey: keys.tags(regRef, repository),
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ details: 'true' });
      if (pageParam) params.set('last', pageParam);
      return apiFetch<TTagPage>(`${repositoryPath(regRef, repository)}/tags?${params}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    meta: { inlineErrors: true },
  });
}

export function useTags(regRef: string, repository: string) {
  return useInfiniteQuery(tagsQueryOptions(regRef, repository));
}

/** Only the names: one cheap call, so the list shows while the details of every tag are read. */
export function tagNamesQueryOptions(regRef: string, repository: string) {
  return queryOptions({
    queryKey: keys.tagNames(regRef, repository),
    queryFn: ({ signal }) =>
      apiFetch<TTagNames>(`${repositoryPath(regRef, repository)}/tags?details=false`, { signal }),
    meta: { inlineErrors: true },
  });
}

export function useTagNames(regRef: string, repository: string, enabled: boolean) {
  return useQuery({ ...tagNamesQueryOptions(regRef, repository), enabled });
}

export function manifestQueryOptions(regRef: string, repository: string, reference: string) {
  return queryOptions({
    queryKey: keys.manifest(regRef, repository, reference),
    queryFn: ({ signal }) =>
      apiFetch<TManifestDetail>(
        `${repositoryPath(regRef, repository)}/manifests/${encodeURIComponent(reference)}`,
        { signal },
      ),
    // A digest never changes what it names; a tag may move, so it is read again after a while.
    staleTime: reference.includes(':') ? Number.POSITIVE_INFINITY : 30_000,
    meta: { inlineErrors: true },
  });
}

export function useManifest(regRef: string, repository: string, reference: string | null) {
  return useQuery({
    ...manifestQueryOptions(regRef, repository, reference ?? ''),
    enabled: reference !== null,
  });
}

export function useCreateRegistry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateRegistry) =>
      apiFetch<TRegistry>('/api/v1/registries', { method: 'POST', body: input }),
    meta: { inlineErrors: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.registries(), exact: true }),
  });
}

export function useUpdateRegistry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ regRef, input }: { regRef: string; input: TUpdateRegistry }) =>
      apiFetch<TRegistry>(registryPath(regRef), { method: 'PATCH', body: input }),
    meta: { inlineErrors: true },
    onSuccess: (_saved, { regRef }) => {
      queryClient.removeQueries({ queryKey: keys.registry(regRef) });
      return queryClient.invalidateQueries({ queryKey: keys.registries() });
    },
  });
}

export function useDeleteRegistry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (regRef: string) => apiFetch<unknown>(registryPath(regRef), { method: 'DELETE' }),
    onSuccess: (_res, regRef) => {
      queryClient.removeQueries({ queryKey: keys.registry(regRef) });
      return queryClient.invalidateQueries({ queryKey: keys.registries(), exact: true });
    },
  });
}

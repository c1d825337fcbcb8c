import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TServiceSpecInput } from '@/lib/schemas/services';
import type { TService, TServiceSummary } from '@/lib/types/releases';
import { ApiError, apiFetch } from './api';
import { keys } from './keys';

/** Services change when someone edits them or a release moves; a calm poll catches what others did. */
export const SERVICES_REFETCH_MS = 10_000;
/** While one of them has a release under way, the list follows it more closely. */
export const SERVICES_ACTIVE_REFETCH_MS = 2_000;

export function servicePath(name: string): string {
  return `/api/v1/services/${encodeURIComponent(name)}`;
}

/** The browser address of a service. */
export function serviceHref(name: string): string {
  return `/services/${encodeURIComponent(name)}`;
}

/** The service's spec as YAML, secrets masked, served as a download. */
export function serviceYamlHref(name: string): string {
  return `${servicePath(name)}/spec.yaml`;
}

export type TAdoptFrom = { host: string; container: string };

/** The new-service page prefilled from a running container. */
export function adoptHref(from: TAdoptFrom): string {
  return `/services/new?${new URLSearchParams({ adoptHost: from.host, adoptContainer: from.container })}`;
}

export function servicesQueryOptions() {
  return queryOptions({
    queryKey: keys.services(),
    queryFn: ({ signal }) => apiFetch<TServiceSummary[]>('/api/v1/services', { signal }),
    refetchInterval: (query) =>
      query.state.data?.some((s) => s.active) ? SERVICES_ACTIVE_REFETCH_MS : SERVICES_REFETCH_MS,
  });
}

export function useServices() {
  return useQuery(servicesQueryOptions());
}

/** One service; starts from the list's copy when there is one, so the header shows at once. */
export function useService(name: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: keys.service(name),
    queryFn: ({ signal }) => apiFetch<TServiceSummary>(servicePath(name), { signal }),
    refetchInterval: (query) => (query.state.data?.active ? SERVICES_ACTIVE_REFETCH_MS : SERVICES_REFETCH_MS),
    initialData: () =>
      queryClient.getQueryData(servicesQueryOptions().queryKey)?.find((s) => s.name === name),
    initialDataUpdatedAt: () => queryClient.getQueryState(keys.services())?.dataUpdatedAt,
    meta: { inlineErrors: true },
  });
}

/** What a running container would look like as a service, for the new-service form to start from. */
export function useAdoptSpec(from: TAdoptFrom | null) {
  return useQuery({
    queryKey: ['hosts', from?.host ?? '', 'containers', from?.container ?? '', 'service-spec'] as const,
    queryFn: ({ signal }) =>
      apiFetch<{ spec: TServiceSpecInput; warnings: string[] }>(
        `/api/v1/hosts/${encodeURIComponent(from?.host ?? '')}/containers/${encodeURIComponent(from?.container ?? '')}/service-spec`,
        { signal },
      ),
    enabled: from !== null,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
    meta: { inlineErrors: true },
  });
}

type QueryClient = ReturnType<typeof useQueryClient>;

/** Everything that shows services: the list, each service, and the port map that holds their claims. */
export function invalidateServices(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: keys.services() }),
    queryClient.invalidateQueries({ queryKey: keys.ports() }),
  ]);
}

export function useCreateService(adopt: TAdoptFrom | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (spec: TServiceSpecInput) => {
      const query = adopt
        ? `?${new URLSearchParams({ adoptHost: adopt.host, adoptContainer: adopt.container })}`
        : '';
      return apiFetch<TService>(`/api/v1/services${query}`, { method: 'POST', body: spec });
    },
    meta: { inlineErrors: true },
    onSuccess: () => invalidateServices(queryClient),
  });
}

export function useUpdateService(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (spec: TServiceSpecInput) =>
      apiFetch<TService>(servicePath(name), { method: 'PUT', body: spec }),
    meta: { inlineErrors: true },
    onSuccess: () => invalidateServices(queryClient),
  });
}

export function useDeleteService(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ deleted: true }>(servicePath(name), { method: 'DELETE' }),
    meta: { inlineErrors: true },
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: keys.service(name) });
      return invalidateServices(queryClient);
    },
  });
}

export type TImportResult = { created: TService } | { updated: TService };

/** The service an import created or updated. */
export function importedService(result: TImportResult): { service: TService; created: boolean } {
  return 'created' in result
    ? { service: result.created, created: true }
    : { service: result.updated, created: false };
}

/** Creates or updates a service from its YAML, sent as text/yaml as a script would. */
export function useImportService() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (yaml: string) => {
      let res: Response;
      try {
        res = await fetch('/api/v1/services/import', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'text/yaml', Accept: 'application/json' },
          body: yaml,
        });
      } catch {
        throw new ApiError('Wharf could not be reached: check your connection', 0, 'NETWORK');
      }
      const body = (await res.json().catch(() => null)) as
        | (TImportResult & { error?: undefined })
        | { error?: { code?: string; message?: string } }
        | null;
      if (!res.ok || !body || (body as { error?: unknown }).error) {
        const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
        throw new ApiError(
          error?.message ?? `the server answered ${res.status} ${res.statusText}`.trim(),
          res.status,
          error?.code ?? 'HTTP_ERROR',
        );
      }
      return body as TImportResult;
    },
    meta: { inlineErrors: true },
    onSuccess: () => invalidateServices(queryClient),
  });
}

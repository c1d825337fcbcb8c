import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCreateToken } from '@/lib/schemas/users';
import { apiFetch } from './api';
import { keys } from './keys';

export type { TApiToken, TCreatedToken } from '@/lib/types/access';

import type { TApiToken, TCreatedToken } from '@/lib/types/access';

export function tokensQueryOptions() {
  return queryOptions({
    queryKey: keys.tokens(),
    queryFn: ({ signal }) => apiFetch<TApiToken[]>('/api/v1/tokens', { signal }),
  });
}

export function useTokens() {
  return useQuery(tokensQueryOptions());
}

/** The clear-text token is only in this mutation's result; it is never put in the query cache. */
export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateToken) =>
      apiFetch<TCreatedToken>('/api/v1/tokens', { method: 'POST', body: input }),
    meta: { inlineErrors: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.tokens() }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ id: string; revokedAt: string }>(`/api/v1/tokens/${encodeURIComponent(id)}`, {
        method: 'DELETE',
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.tokens() }),
  });
}

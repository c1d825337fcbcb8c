import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TCreateUser, TUpdateUser } from '@/lib/schemas/users';
import { apiFetch } from './api';
import { keys } from './keys';

export type { TUser } from '@/lib/types/access';

import type { TUser } from '@/lib/types/access';

export function usersQueryOptions() {
  return queryOptions({
    queryKey: keys.users(),
    queryFn: ({ signal }) => apiFetch<TUser[]>('/api/v1/users', { signal }),
  });
}

export function useUsers(enabled = true) {
  return useQuery({ ...usersQueryOptions(), enabled });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateUser) => apiFetch<TUser>('/api/v1/users', { method: 'POST', body: input }),
    meta: { inlineErrors: true },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.users() }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: TUpdateUser }) =>
      apiFetch<TUser>(`/api/v1/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: input }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.users() }),
  });
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Permission, Role } from '@/lib/auth/permissions';
import { apiFetch } from './api';
import { keys } from './keys';

export type TMe = {
  id: string;
  username: string;
  role: Role;
  via: 'session' | 'token';
  permissions: Permission[];
};

export function meQueryOptions() {
  return queryOptions({
    queryKey: keys.me(),
    queryFn: ({ signal }) => apiFetch<TMe>('/api/v1/me', { signal }),
    staleTime: 60_000,
  });
}

export function useMe() {
  return useQuery(meQueryOptions());
}

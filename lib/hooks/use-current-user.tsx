'use client';

import { createContext, type ReactNode, useContext } from 'react';
import { can, type Permission, type Role } from '@/lib/auth/permissions';

export type TCurrentUser = { id: string; name: string; role: Role };

const CurrentUserContext = createContext<TCurrentUser | null>(null);

/** The signed-in user as the server read it for this page; the server still checks every request. */
export function CurrentUserProvider({ user, children }: { user: TCurrentUser; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

export function useCurrentUser(): TCurrentUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser is used outside the signed-in app shell');
  return user;
}

/** Whether the signed-in user's role has a permission, from the same table the server checks. */
export function useCan(permission: Permission): boolean {
  return can(useCurrentUser().role, permission);
}

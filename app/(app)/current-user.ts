import 'server-only';
import { connection } from 'next/server';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { isRole } from '@/lib/auth/permissions';
import type { TCurrentUser } from '@/lib/hooks/use-current-user';
import { authOptions } from '@/lib/server/auth/next-auth';

/**
 * The signed-in user for this request, re-read from the database by the session callback; null when
 * there is no session or the user was disabled. Cached per request.
 */
export const getCurrentUser = cache(async (): Promise<TCurrentUser | null> => {
  // Per request, never at build time: the build has no WHARF_SECRET and no session to read.
  await connection();
  const session = await getServerSession(authOptions());
  const user = session?.user as { id?: unknown; name?: unknown; role?: unknown } | undefined;
  if (!user || typeof user.id !== 'string' || typeof user.name !== 'string' || !isRole(user.role))
    return null;
  return { id: user.id, name: user.name, role: user.role };
});

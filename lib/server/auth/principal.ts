import type { Role } from '@/lib/auth/permissions';

/** Who is calling: a signed-in user or an API token, with the role that applies now. */
export type Principal = {
  userId: string;
  username: string;
  role: Role;
  via: 'session' | 'token';
  tokenId?: string;
};

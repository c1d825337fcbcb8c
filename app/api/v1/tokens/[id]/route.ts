import { z } from 'zod';
import { ZId } from '@/lib/schemas/common';
import { revokeToken } from '@/lib/server/auth/tokens';
import { route } from '@/lib/server/http/route';

export const DELETE = route(
  { permission: 'tokens.manage', action: 'tokens.revoke', params: z.object({ id: ZId }) },
  async ({ principal, params, audit }) => {
    audit.target = `token:${params.id}`;
    return revokeToken(principal, params.id);
  },
);

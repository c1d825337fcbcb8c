import { z } from 'zod';
import { ZId } from '@/lib/schemas/common';
import { ZUpdateUser } from '@/lib/schemas/users';
import { route } from '@/lib/server/http/route';
import { updateUser } from '@/lib/server/users/users';

export const PATCH = route(
  { permission: 'users.manage', action: 'users.update', params: z.object({ id: ZId }), body: ZUpdateUser },
  async ({ principal, params, body, audit }) => {
    audit.target = `user:${params.id}`;
    audit.detail = { role: body.role, disabled: body.disabled, passwordReset: body.password !== undefined };
    const user = await updateUser(principal.userId, params.id, body);
    audit.target = `user:${user.username}`;
    return user;
  },
);

import { ZCreateUser } from '@/lib/schemas/users';
import { route } from '@/lib/server/http/route';
import { createUser, listUsers } from '@/lib/server/users/users';

export const GET = route({ permission: 'users.manage' }, () => listUsers());

export const POST = route(
  { permission: 'users.manage', action: 'users.create', body: ZCreateUser, status: 201 },
  async ({ body, audit }) => {
    audit.target = `user:${body.username}`;
    audit.detail = { role: body.role };
    return createUser(body);
  },
);

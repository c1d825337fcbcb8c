import { ZCreateToken } from '@/lib/schemas/users';
import { createToken, listTokens } from '@/lib/server/auth/tokens';
import { route } from '@/lib/server/http/route';

export const GET = route({ permission: 'tokens.manage' }, ({ principal }) => listTokens(principal));

export const POST = route(
  { permission: 'tokens.manage', action: 'tokens.create', body: ZCreateToken, status: 201 },
  async ({ principal, body, audit }) => {
    audit.target = `token:${body.name}`;
    const created = await createToken(principal, body);
    audit.detail = { id: created.id, role: created.role };
    return created;
  },
);

import { ROLE_PERMISSIONS } from '@/lib/auth/permissions';
import { route } from '@/lib/server/http/route';

export const GET = route({ permission: 'account.read' }, async ({ principal }) => ({
  id: principal.userId,
  username: principal.username,
  role: principal.role,
  via: principal.via,
  permissions: [...ROLE_PERMISSIONS[principal.role]],
}));

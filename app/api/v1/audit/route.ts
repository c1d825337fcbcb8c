import { ZAuditQuery } from '@/lib/schemas/audit';
import { queryAudit } from '@/lib/server/audit/audit';
import { route } from '@/lib/server/http/route';

export const GET = route({ permission: 'audit.read', query: ZAuditQuery }, ({ query }) => queryAudit(query));

import { ZCreateHost } from '@/lib/schemas/hosts';
import { createHost, fleetOverview } from '@/lib/server/hosts/hosts';
import { route } from '@/lib/server/http/route';

export const GET = route({ permission: 'hosts.read' }, () => fleetOverview());

export const POST = route(
  { permission: 'hosts.manage', action: 'hosts.create', body: ZCreateHost, status: 201 },
  async ({ body, audit }) => {
    audit.target = `host:${body.name}`;
    audit.detail = { url: body.url, tls: Boolean(body.tls) };
    return createHost(body);
  },
);

import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZUpdateHost } from '@/lib/schemas/hosts';
import { deleteHost, hostSummary, updateHost } from '@/lib/server/hosts/hosts';
import { route } from '@/lib/server/http/route';

const params = z.object({ host: ZHostRef });

export const GET = route({ permission: 'hosts.read', params }, ({ params }) => hostSummary(params.host));

export const PATCH = route(
  { permission: 'hosts.manage', action: 'hosts.update', params, body: ZUpdateHost },
  async ({ params, body, audit }) => {
    audit.target = `host:${params.host}`;
    audit.detail = { fields: Object.keys(body) };
    return updateHost(params.host, body);
  },
);

export const DELETE = route(
  { permission: 'hosts.manage', action: 'hosts.delete', params },
  async ({ params, audit }) => {
    audit.target = `host:${params.host}`;
    return deleteHost(params.host);
  },
);

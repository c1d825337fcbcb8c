import { ZCreateRegistry } from '@/lib/schemas/registries';
import { route } from '@/lib/server/http/route';
import { createRegistry, listRegistries } from '@/lib/server/registry/store';

export const GET = route({ permission: 'registries.read' }, () => listRegistries());

export const POST = route(
  { permission: 'registries.manage', action: 'registries.create', body: ZCreateRegistry, status: 201 },
  async ({ body, audit }) => {
    audit.target = `registry:${body.name}`;
    audit.detail = {
      url: body.url,
      username: body.username ?? null,
      password: body.password !== undefined,
      tokenHosts: body.tokenHosts ?? [],
    };
    return createRegistry(body);
  },
);

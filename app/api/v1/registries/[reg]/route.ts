import { z } from 'zod';
import { ZRegistryRef } from '@/lib/schemas/common';
import { ZUpdateRegistry } from '@/lib/schemas/registries';
import { route } from '@/lib/server/http/route';
import { deleteRegistry, getRegistry, updateRegistry } from '@/lib/server/registry/store';

const params = z.object({ reg: ZRegistryRef });

export const GET = route({ permission: 'registries.read', params }, ({ params }) => getRegistry(params.reg));

export const PATCH = route(
  { permission: 'registries.manage', action: 'registries.update', params, body: ZUpdateRegistry },
  async ({ params, body, audit }) => {
    audit.target = `registry:${params.reg}`;
    audit.detail = { fields: Object.keys(body) };
    return updateRegistry(params.reg, body);
  },
);

export const DELETE = route(
  { permission: 'registries.manage', action: 'registries.delete', params },
  async ({ params, audit }) => {
    audit.target = `registry:${params.reg}`;
    return deleteRegistry(params.reg);
  },
);

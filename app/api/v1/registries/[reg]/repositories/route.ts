import { z } from 'zod';
import { ZRegistryRef } from '@/lib/schemas/common';
import { ZRepositoryQuery } from '@/lib/schemas/registries';
import { route } from '@/lib/server/http/route';
import { repositoriesOf } from '@/lib/server/registry/browse';

export const GET = route(
  { permission: 'registries.read', params: z.object({ reg: ZRegistryRef }), query: ZRepositoryQuery },
  ({ params, query }) => repositoriesOf(params.reg, query),
);

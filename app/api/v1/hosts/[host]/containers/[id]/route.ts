import { z } from 'zod';
import { can } from '@/lib/auth/permissions';
import { ZContainerRef, ZHostRef } from '@/lib/schemas/common';
import { inspectContainer } from '@/lib/server/docker/containers';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';

export const GET = route(
  { permission: 'containers.read', params: z.object({ host: ZHostRef, id: ZContainerRef }) },
  async ({ params, principal }) =>
    inspectContainer(await connectionFor(params.host), params.id, can(principal.role, 'containers.secrets')),
);

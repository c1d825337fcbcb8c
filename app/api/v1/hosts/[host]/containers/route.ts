import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { listContainers } from '@/lib/server/docker/containers';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';

export const GET = route(
  { permission: 'containers.read', params: z.object({ host: ZHostRef }) },
  async ({ params }) => listContainers(await connectionFor(params.host)),
);

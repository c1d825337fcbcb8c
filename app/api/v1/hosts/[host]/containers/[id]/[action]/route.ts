import { z } from 'zod';
import { ZContainerRef, ZHostRef } from '@/lib/schemas/common';
import { ZContainerAction } from '@/lib/schemas/hosts';
import { actOnContainer } from '@/lib/server/docker/containers';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';

export const POST = route(
  {
    permission: 'containers.operate',
    action: 'containers.action',
    params: z.object({ host: ZHostRef, id: ZContainerRef, action: ZContainerAction }),
  },
  async ({ params, audit }) => {
    audit.target = `container:${params.host}/${params.id}`;
    audit.detail = { action: params.action };
    return actOnContainer(await connectionFor(params.host), params.id, params.action);
  },
);

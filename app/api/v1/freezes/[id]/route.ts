import { z } from 'zod';
import { ZId } from '@/lib/schemas/common';
import { route } from '@/lib/server/http/route';
import { deleteFreeze } from '@/lib/server/releases/freeze';

export const DELETE = route(
  { permission: 'releases.freeze', action: 'releases.unfreeze', params: z.object({ id: ZId }) },
  async ({ params, audit }) => {
    audit.target = `freeze:${params.id}`;
    const removed = await deleteFreeze(params.id);
    audit.detail = {
      service: removed.service,
      startsAt: removed.startsAt,
      endsAt: removed.endsAt,
      reason: removed.reason,
    };
    return { deleted: true, freeze: removed };
  },
);

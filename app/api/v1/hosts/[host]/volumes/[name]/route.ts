import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZDeleteVolumeQuery, ZVolumeName } from '@/lib/schemas/volumes';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { deleteVolume } from '@/lib/server/volumes/delete';
import { volumeDetail } from '@/lib/server/volumes/inventory';

const params = z.object({ host: ZHostRef, name: ZVolumeName });

export const GET = route({ permission: 'volumes.read', params }, async ({ params }) =>
  volumeDetail(await connectionFor(params.host), params.name),
);

export const DELETE = route(
  { permission: 'volumes.delete', action: 'volumes.delete', params, query: ZDeleteVolumeQuery },
  async ({ params, query, principal, audit }) => {
    audit.target = `volume:${params.host}/${params.name}`;
    audit.detail = { backup: query.backup };
    const result = await deleteVolume(await connectionFor(params.host), params.name, {
      confirm: query.confirm,
      backup: query.backup,
      actor: principal.username,
    });
    audit.detail = { backup: query.backup, backupId: result.backupId };
    return result;
  },
);

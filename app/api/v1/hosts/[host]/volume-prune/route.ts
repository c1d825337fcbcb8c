import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZVolumePruneBody } from '@/lib/schemas/volumes';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { previewVolumePrune, pruneVolumes } from '@/lib/server/volumes/delete';

const params = z.object({ host: ZHostRef });

export const GET = route({ permission: 'volumes.delete', params }, async ({ params }) =>
  previewVolumePrune(await connectionFor(params.host)),
);

export const POST = route(
  { permission: 'volumes.delete', action: 'volumes.prune', params, body: ZVolumePruneBody },
  async ({ params, body, principal, audit }) => {
    audit.target = `host:${params.host}`;
    audit.detail = { backup: body.backup };
    const result = await pruneVolumes(await connectionFor(params.host), {
      confirm: body.confirm,
      backup: body.backup,
      actor: principal.username,
    });
    audit.detail = {
      backup: body.backup,
      deleted: result.deleted,
      backups: result.backups,
      failed: result.failed,
    };
    return result;
  },
);

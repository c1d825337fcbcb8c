import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZPruneBody } from '@/lib/schemas/images';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { previewPrune, pruneImages } from '@/lib/server/images/prune';

const params = z.object({ host: ZHostRef });

export const GET = route({ permission: 'images.read', params }, async ({ params }) =>
  previewPrune(await connectionFor(params.host)),
);

export const POST = route(
  { permission: 'images.delete', action: 'images.prune', params, body: ZPruneBody },
  async ({ params, body, audit }) => {
    audit.target = `host:${params.host}`;
    const result = await pruneImages(await connectionFor(params.host), body.confirm);
    audit.detail = {
      deleted: result.deleted,
      reclaimedBytes: result.reclaimedBytes,
      ...(result.failed.length ? { failed: result.failed } : {}),
    };
    return result;
  },
);

import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { startVolumeSizes, volumeSizesState } from '@/lib/server/volumes/sizes';

const params = z.object({ host: ZHostRef });

export const GET = route({ permission: 'volumes.read', params }, async ({ params }) =>
  volumeSizesState((await connectionFor(params.host)).id),
);

/** Starts the host's disk-usage run in the background; the answer comes before it ends. */
export const POST = route(
  { permission: 'volumes.measure', action: 'volumes.measure', params, status: 202 },
  async ({ params, audit }) => {
    audit.target = `host:${params.host}`;
    return startVolumeSizes(await connectionFor(params.host));
  },
);

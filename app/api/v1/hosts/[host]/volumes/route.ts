import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { hostVolumes } from '@/lib/server/volumes/inventory';

const params = z.object({ host: ZHostRef });

export const GET = route({ permission: 'volumes.read', params }, async ({ params }) =>
  hostVolumes(await connectionFor(params.host)),
);

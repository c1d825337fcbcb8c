import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { hostNetworks } from '@/lib/server/networks/list';

const params = z.object({ host: ZHostRef });

export const GET = route({ permission: 'networks.read', params }, async ({ params }) =>
  hostNetworks(await connectionFor(params.host)),
);

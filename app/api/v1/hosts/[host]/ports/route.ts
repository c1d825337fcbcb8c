import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { hostPorts } from '@/lib/server/ports/map';

const params = z.object({ host: ZHostRef });

export const GET = route({ permission: 'ports.read', params }, async ({ params }) =>
  hostPorts(await connectionFor(params.host)),
);

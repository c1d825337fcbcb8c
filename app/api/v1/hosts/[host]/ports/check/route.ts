import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZPortCheckQuery } from '@/lib/schemas/ports';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { portFreeFor } from '@/lib/server/ports/map';

const params = z.object({ host: ZHostRef });

/** Whether a service may take a host port: the question a release's preflight asks. */
export const GET = route(
  { permission: 'ports.read', params, query: ZPortCheckQuery },
  async ({ params, query }) => portFreeFor(await connectionFor(params.host), query),
);

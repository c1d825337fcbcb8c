import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZLogSearchQuery } from '@/lib/schemas/logs';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { searchHostLogs } from '@/lib/server/logs/search';

/** Searches the logs of every container of a host, running or not, over a bounded window. */
export const GET = route(
  { permission: 'logs.read', params: z.object({ host: ZHostRef }), query: ZLogSearchQuery },
  async ({ req, params, query }) => searchHostLogs(await connectionFor(params.host), query, req.signal),
);

import { ZLogSearchQuery } from '@/lib/schemas/logs';
import { ZServiceParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { searchServiceLogs } from '@/lib/server/logs/search';
import { findServiceRecord } from '@/lib/server/services/store';

/** Searches the logs of every container of a service over a bounded window (default the last 15 minutes). */
export const GET = route(
  { permission: 'logs.read', params: ZServiceParams, query: ZLogSearchQuery },
  async ({ req, params, query }) =>
    searchServiceLogs(await findServiceRecord(params.name), query, req.signal),
);

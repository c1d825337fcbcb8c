import { ZLogQuery } from '@/lib/schemas/logs';
import { ZServiceParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { serviceLogDownload, serviceLogSse } from '@/lib/server/logs/merge';
import { findServiceRecord } from '@/lib/server/services/store';

/**
 * All containers of a service across its hosts, merged by time: Server-Sent Events when the client
 * accepts `text/event-stream`, otherwise a merged plain-text download of the range, audited.
 */
export const GET = route(
  { permission: 'logs.read', action: 'logs.download', params: ZServiceParams, query: ZLogQuery },
  async ({ req, params, query, audit }) => {
    const record = await findServiceRecord(params.name);
    if ((req.headers.get('accept') ?? '').includes('text/event-stream'))
      return serviceLogSse(record, query, req.signal);
    audit.record = true;
    audit.target = `service:${record.name}`;
    audit.detail = {
      since: query.since ?? null,
      until: query.until ?? null,
      tail: query.tail,
      stream: query.stream,
    };
    const { response, outcome } = await serviceLogDownload(record, query, req.signal);
    audit.outcome = outcome;
    return response;
  },
);

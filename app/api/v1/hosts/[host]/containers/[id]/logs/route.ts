import { z } from 'zod';
import { ZContainerRef, ZHostRef } from '@/lib/schemas/common';
import { ZLogQuery } from '@/lib/schemas/logs';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { logTarget } from '@/lib/server/logs/container-logs';
import { containerLogDownload, containerLogSse } from '@/lib/server/logs/serve';

const params = z.object({ host: ZHostRef, id: ZContainerRef });

/**
 * A container's log: Server-Sent Events when the client accepts `text/event-stream` (live, batched),
 * otherwise a plain-text download of the range, streamed and audited.
 */
export const GET = route(
  { permission: 'logs.read', action: 'logs.download', params, query: ZLogQuery },
  async ({ req, params, query, audit }) => {
    const conn = await connectionFor(params.host);
    const target = await logTarget(conn, params.id);
    if ((req.headers.get('accept') ?? '').includes('text/event-stream'))
      return containerLogSse(conn, target, query, req.signal);
    audit.record = true;
    audit.target = `container:${conn.name}/${target.name}`;
    audit.detail = {
      since: query.since ?? null,
      until: query.until ?? null,
      tail: query.tail,
      stream: query.stream,
    };
    const { response, outcome } = containerLogDownload(
      conn,
      target,
      query,
      req.signal,
      `${conn.name}-${target.name}.log`,
    );
    audit.outcome = outcome;
    return response;
  },
);

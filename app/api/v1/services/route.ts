import { z } from 'zod';
import { ZContainerRef, ZHostRef } from '@/lib/schemas/common';
import { ZServiceSpec } from '@/lib/schemas/services';
import { route } from '@/lib/server/http/route';
import { summarizeServices } from '@/lib/server/releases/summary';
import { saveNewService } from '@/lib/server/services/save';
import { listServiceRecords, toService } from '@/lib/server/services/store';

const ZCreateQuery = z
  .object({ adoptHost: ZHostRef.optional(), adoptContainer: ZContainerRef.optional() })
  .refine((q) => (q.adoptHost === undefined) === (q.adoptContainer === undefined), {
    message: 'adopting a container needs both adoptHost and adoptContainer',
    path: ['adoptContainer'],
  });

export const GET = route({ permission: 'services.read' }, async () =>
  summarizeServices(await listServiceRecords()),
);

export const POST = route(
  {
    permission: 'services.manage',
    action: 'services.create',
    query: ZCreateQuery,
    body: ZServiceSpec,
    status: 201,
  },
  async ({ body, query, principal, audit }) => {
    audit.target = `service:${body.name}`;
    const adopt =
      query.adoptHost && query.adoptContainer
        ? { host: query.adoptHost, container: query.adoptContainer }
        : undefined;
    if (adopt) audit.detail = { adopted: `${adopt.host}/${adopt.container}` };
    const { record, skippedHosts } = await saveNewService(body, principal, adopt);
    audit.detail = { ...audit.detail, id: record.id, configHash: record.configHash, skippedHosts };
    return toService(record);
  },
);

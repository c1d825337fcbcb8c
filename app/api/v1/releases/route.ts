import { ZReleaseQuery } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { listReleases } from '@/lib/server/releases/store';
import { findServiceRecord } from '@/lib/server/services/store';
import type { TReleaseStatus } from '@/lib/types/releases';

export const GET = route({ permission: 'services.read', query: ZReleaseQuery }, async ({ query }) =>
  listReleases({
    serviceId: query.service ? (await findServiceRecord(query.service)).id : undefined,
    statuses: query.status ? (query.status.split(',') as TReleaseStatus[]) : undefined,
    limit: query.limit,
  }),
);

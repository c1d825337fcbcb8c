import { ZReleaseQuery, ZRequestRelease, ZServiceParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { requestRelease } from '@/lib/server/releases/request';
import { listReleases } from '@/lib/server/releases/store';
import { findServiceRecord } from '@/lib/server/services/store';

export const GET = route(
  { permission: 'services.read', params: ZServiceParams, query: ZReleaseQuery.pick({ limit: true }) },
  async ({ params, query }) => {
    const record = await findServiceRecord(params.name);
    return listReleases({ serviceId: record.id, limit: query.limit });
  },
);

export const POST = route(
  {
    permission: 'releases.request',
    action: 'releases.request',
    params: ZServiceParams,
    body: ZRequestRelease,
    status: 201,
  },
  async ({ params, body, principal, audit }) => {
    audit.target = `service:${params.name}`;
    audit.detail = {
      tag: body.tag ?? null,
      digest: body.digest ?? null,
      hotfix: body.hotfix,
      note: body.note,
    };
    const record = await findServiceRecord(params.name);
    const release = await requestRelease(record, body, principal);
    audit.detail = {
      ...audit.detail,
      releaseId: release.id,
      number: release.number,
      digest: release.digest,
      status: release.status,
    };
    return release;
  },
);

import { ZRejectBody, ZReleaseParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { rejectRelease } from '@/lib/server/releases/request';

export const POST = route(
  { permission: 'releases.approve', action: 'releases.reject', params: ZReleaseParams, body: ZRejectBody },
  async ({ params, body, principal, audit }) => {
    audit.target = `release:${params.id}`;
    audit.detail = { reason: body.reason };
    const release = await rejectRelease(params.id, principal, body.reason);
    audit.detail = { ...audit.detail, service: release.service, number: release.number };
    return release;
  },
);

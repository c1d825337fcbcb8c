import { ZCancelBody, ZReleaseParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { cancelRelease } from '@/lib/server/releases/request';

export const POST = route(
  { permission: 'releases.request', action: 'releases.cancel', params: ZReleaseParams, body: ZCancelBody },
  async ({ params, body, principal, audit }) => {
    audit.target = `release:${params.id}`;
    audit.detail = { reason: body.reason };
    const release = await cancelRelease(params.id, principal, body.reason);
    audit.detail = { ...audit.detail, service: release.service, number: release.number };
    return release;
  },
);

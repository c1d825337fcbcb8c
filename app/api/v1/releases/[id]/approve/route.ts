import { ZApproveBody, ZReleaseParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { approveRelease } from '@/lib/server/releases/request';

export const POST = route(
  { permission: 'releases.approve', action: 'releases.approve', params: ZReleaseParams, body: ZApproveBody },
  async ({ params, body, principal, audit }) => {
    audit.target = `release:${params.id}`;
    const release = await approveRelease(params.id, principal, body.note);
    audit.detail = {
      service: release.service,
      number: release.number,
      digest: release.digest,
      configHash: release.configHash,
      note: body.note,
    };
    return release;
  },
);

import { ZRollbackBody, ZServiceParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { rollbackService } from '@/lib/server/releases/rollback';
import { findServiceRecord } from '@/lib/server/services/store';

export const POST = route(
  {
    permission: 'releases.rollback',
    action: 'releases.rollback',
    params: ZServiceParams,
    body: ZRollbackBody,
    status: 201,
  },
  async ({ params, body, principal, audit }) => {
    audit.target = `service:${params.name}`;
    audit.detail = { toRelease: body.toRelease ?? null, note: body.note };
    const release = await rollbackService(await findServiceRecord(params.name), body, principal);
    audit.detail = {
      ...audit.detail,
      releaseId: release.id,
      number: release.number,
      to: release.rollbackTo?.number,
      digest: release.digest,
    };
    return release;
  },
);

import { ZReleaseParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { keptLogs, releaseRow } from '@/lib/server/releases/store';

export const GET = route({ permission: 'logs.read', params: ZReleaseParams }, async ({ params }) => {
  await releaseRow(params.id);
  return keptLogs(params.id);
});

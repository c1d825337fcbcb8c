import { ZReleaseParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { rollbackability } from '@/lib/server/releases/rollback';

export const GET = route({ permission: 'services.read', params: ZReleaseParams }, async ({ params }) =>
  rollbackability(params.id),
);

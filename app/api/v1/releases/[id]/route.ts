import { ZReleaseParams } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { getRelease } from '@/lib/server/releases/store';

export const GET = route({ permission: 'services.read', params: ZReleaseParams }, async ({ params }) =>
  getRelease(params.id),
);

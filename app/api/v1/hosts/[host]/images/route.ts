import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { hostImages } from '@/lib/server/images/host-images';

export const GET = route(
  { permission: 'images.read', params: z.object({ host: ZHostRef }) },
  async ({ params }) => hostImages(await connectionFor(params.host)),
);

import { z } from 'zod';
import { can } from '@/lib/auth/permissions';
import { ZContainerRef, ZHostRef } from '@/lib/schemas/common';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { specFromContainer } from '@/lib/server/services/adopt';

/** A spec prefilled from the container, to adopt it as a service; secrets masked unless the caller may see them. */
export const GET = route(
  { permission: 'services.manage', params: z.object({ host: ZHostRef, id: ZContainerRef }) },
  async ({ params, principal }) =>
    specFromContainer(await connectionFor(params.host), params.id, {
      canSeeSecrets: can(principal.role, 'containers.secrets'),
    }),
);

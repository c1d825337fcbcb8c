import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZSuggestQuery } from '@/lib/schemas/ports';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { suggestHostPorts } from '@/lib/server/ports/map';

const params = z.object({ host: ZHostRef });

export const GET = route(
  { permission: 'ports.read', params, query: ZSuggestQuery },
  async ({ params, query }) => suggestHostPorts(await connectionFor(params.host), query),
);

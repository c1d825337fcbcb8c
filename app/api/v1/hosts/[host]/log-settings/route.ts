import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { hostLogSettings } from '@/lib/server/logs/settings';

/** Each container's log driver and options on the host, unbounded and unreadable logs flagged. */
export const GET = route(
  { permission: 'containers.read', params: z.object({ host: ZHostRef }) },
  async ({ params }) => hostLogSettings(await connectionFor(params.host)),
);

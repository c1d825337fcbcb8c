import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZPullBody } from '@/lib/schemas/images';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { startPull } from '@/lib/server/images/pull';

/** Streams the pull's progress as NDJSON, one event per line, ending with `done` or `error`. */
export const POST = route(
  { permission: 'images.pull', action: 'images.pull', params: z.object({ host: ZHostRef }), body: ZPullBody },
  async ({ req, params, body, audit }) => {
    audit.target = `image:${body.ref}`;
    audit.detail = { ref: body.ref, hosts: [params.host] };
    return startPull([await connectionFor(params.host)], body.ref, req.signal, audit);
  },
);

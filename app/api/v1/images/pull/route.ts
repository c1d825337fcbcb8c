import { ZFleetPullBody } from '@/lib/schemas/images';
import { route } from '@/lib/server/http/route';
import { pullConnections, startPull } from '@/lib/server/images/pull';

/** Pulls to several hosts (all when `hosts` is left out) in parallel; NDJSON events tagged by host. */
export const POST = route(
  { permission: 'images.pull', action: 'images.pull', body: ZFleetPullBody },
  async ({ req, body, audit }) => {
    audit.target = `image:${body.ref}`;
    audit.detail = { ref: body.ref, hosts: body.hosts ?? 'all' };
    return startPull(await pullConnections(body.hosts), body.ref, req.signal, audit);
  },
);

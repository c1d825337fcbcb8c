import { ZFreezeBody } from '@/lib/schemas/releases';
import { route } from '@/lib/server/http/route';
import { createFreeze, listFreezes } from '@/lib/server/releases/freeze';

export const GET = route({ permission: 'services.read' }, async () => listFreezes());

export const POST = route(
  { permission: 'releases.freeze', action: 'releases.freeze', body: ZFreezeBody, status: 201 },
  async ({ body, principal, audit }) => {
    audit.target = body.service ? `service:${body.service}` : 'fleet';
    audit.detail = { startsAt: body.startsAt, endsAt: body.endsAt, reason: body.reason };
    const freeze = await createFreeze(body, principal.username);
    audit.detail = { ...audit.detail, id: freeze.id };
    return freeze;
  },
);

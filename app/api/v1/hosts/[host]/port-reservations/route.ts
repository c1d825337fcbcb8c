import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZCreateReservation } from '@/lib/schemas/ports';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { createReservation, listReservations } from '@/lib/server/ports/reservations';

const params = z.object({ host: ZHostRef });

export const GET = route({ permission: 'ports.read', params }, async ({ params }) =>
  listReservations(await connectionFor(params.host)),
);

export const POST = route(
  { permission: 'ports.reserve', action: 'ports.reserve', params, body: ZCreateReservation, status: 201 },
  async ({ params, body, principal, audit }) => {
    audit.target = `port:${params.host}/${body.hostIp ? `${body.hostIp}:` : ''}${body.port}/${body.proto}`;
    audit.detail = { service: body.service ?? null, note: body.note };
    const reservation = await createReservation(await connectionFor(params.host), body, principal.username);
    audit.detail = { ...audit.detail, id: reservation.id };
    return reservation;
  },
);

import { z } from 'zod';
import { ZHostRef, ZId } from '@/lib/schemas/common';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { deleteReservation } from '@/lib/server/ports/reservations';

const params = z.object({ host: ZHostRef, id: ZId });

export const DELETE = route(
  { permission: 'ports.reserve', action: 'ports.unreserve', params },
  async ({ params, audit }) => {
    audit.target = `port-reservation:${params.host}/${params.id}`;
    const removed = await deleteReservation(await connectionFor(params.host), params.id);
    audit.detail = { port: removed.port, proto: removed.proto, hostIp: removed.hostIp, note: removed.note };
    return { deleted: true, reservation: removed };
  },
);

import 'server-only';
import { AppError } from '@/lib/errors';
import { addressesOverlap, describeHolder, scopeOf } from '@/lib/ports/claims';
import type { TCreateReservation } from '@/lib/schemas/ports';
import type { TPortClaim, TPortProto, TPortReservation } from '@/lib/types/ports';
import { getDb, nowIso } from '../db';
import type { HostConnection } from '../docker/client';
import { newId } from '../ids';
import { hostPortClaims } from './map';

type Row = {
  id: string;
  port: number;
  proto: string;
  host_ip: string;
  service: string | null;
  note: string;
  created_by: string;
  created_at: string;
};

function toReservation(conn: HostConnection, r: Row): TPortReservation {
  return {
    id: r.id,
    host: { id: conn.id, name: conn.name },
    port: r.port,
    proto: r.proto as TPortProto,
    hostIp: r.host_ip,
    service: r.service,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export async function listReservations(conn: HostConnection): Promise<TPortReservation[]> {
  const db = await getDb();
  const rows = await db
    .selectFrom('port_reservations')
    .selectAll()
    .where('host_id', '=', conn.id)
    .orderBy('port')
    .orderBy('proto')
    .execute();
  return rows.map((r) => toReservation(conn, r));
}

/** The host's reservations as claims on the port map. */
export async function reservationClaims(conn: HostConnection): Promise<TPortClaim[]> {
  return (await listReservations(conn)).map((r) => ({
    hostIp: r.hostIp,
    scope: scopeOf(r.hostIp),
    port: r.port,
    proto: r.proto,
    containerPort: null,
    state: 'reserved',
    chosen: null,
    holder: { kind: 'reservation', id: r.id, note: r.note, by: r.createdBy, service: r.service },
  }));
}

/**
 * Reserves a host port for a planned service. A port that a container binds or claims, or that is
 * already reserved on an overlapping address, is refused with 409 naming its holder.
 */
export async function createReservation(
  conn: HostConnection,
  input: TCreateReservation,
  by: string,
): Promise<TPortReservation> {
  const { claims } = await hostPortClaims(conn);
  const taken = claims.find(
    (c) => c.port === input.port && c.proto === input.proto && addressesOverlap(c.hostIp, input.hostIp),
  );
  if (taken) {
    throw new AppError(
      'CONFLICT',
      `${conn.name}: ${input.hostIp || '*'}:${input.port}/${input.proto} is already held by ${describeHolder(taken.holder)}`,
    );
  }
  const row = {
    id: newId(),
    host_id: conn.id,
    port: input.port,
    proto: input.proto,
    host_ip: input.hostIp,
    service: input.service ?? null,
    note: input.note,
    created_by: by,
    created_at: nowIso(),
  };
  const db = await getDb();
  try {
    await db.insertInto('port_reservations').values(row).execute();
  } catch (error) {
    if (/unique|duplicate/i.test(String(error))) {
      throw new AppError('CONFLICT', `${conn.name}: ${input.port}/${input.proto} was reserved a moment ago`);
    }
    throw error;
  }
  return toReservation(conn, row);
}

export async function deleteReservation(conn: HostConnection, id: string): Promise<TPortReservation> {
  const db = await getDb();
  const row = await db
    .selectFrom('port_reservations')
    .selectAll()
    .where('host_id', '=', conn.id)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `${conn.name}: no port reservation with id ${id}`);
  await db.deleteFrom('port_reservations').where('id', '=', id).execute();
  return toReservation(conn, row);
}

import 'server-only';
import type { TContainer } from '@/lib/types/fleet';
import type { TVolumeUser } from '@/lib/types/volumes';
import { isDataOnly, type VolumeUser } from '@/lib/volumes/rules';
import { invalidateHost } from '../docker/cache';
import type { HostConnection } from '../docker/client';
import { listContainers } from '../docker/containers';
import { HELPER_LABEL } from './helper';

function ruleUser(c: TContainer): VolumeUser {
  return {
    id: c.id,
    name: c.name,
    state: c.state,
    command: c.command,
    labels: c.labels,
    volumes: c.mounts.flatMap((m) => (m.type === 'volume' && m.name ? [m.name] : [])),
  };
}

/** Every volume's users, from one container list; Wharf's own helper containers are not users. */
export function usersByVolume(containers: TContainer[]): Map<string, TVolumeUser[]> {
  const out = new Map<string, TVolumeUser[]>();
  for (const c of containers) {
    if (c.labels[HELPER_LABEL]) continue;
    const dataOnly = isDataOnly(ruleUser(c));
    for (const m of c.mounts) {
      if (m.type !== 'volume' || !m.name) continue;
      const user: TVolumeUser = {
        id: c.id,
        name: c.name,
        state: c.state,
        service: c.service,
        dataOnly,
        destination: m.destination,
        readOnly: !m.rw,
      };
      out.set(m.name, [...(out.get(m.name) ?? []), user]);
    }
  }
  return out;
}

/** The containers that use a volume, read now rather than from the cache: a refusal must be current. */
export async function currentUsers(conn: HostConnection, volume: string): Promise<TVolumeUser[]> {
  invalidateHost(conn.id, 'containers');
  return usersByVolume(await listContainers(conn)).get(volume) ?? [];
}

export function describeUsers(users: TVolumeUser[]): string {
  return users.map((u) => `${u.name} (${u.state})`).join(', ');
}

import 'server-only';
import type { TFleetVolumes, THostVolumes, TVolume, TVolumeDetail } from '@/lib/types/volumes';
import { protectionOf } from '@/lib/volumes/rules';
import type { HostConnection } from '../docker/client';
import { listContainers } from '../docker/containers';
import { fanOut, outcomes } from '../docker/fanout';
import {
  type EngineVolume,
  inspectEngineVolume,
  isAnonymousVolume,
  listEngineVolumes,
} from '../docker/volumes';
import { getEnv } from '../env';
import { allConnections } from '../hosts/store';
import { backupSummary, listBackups } from './backup-index';
import { protectionRecords } from './protection';
import { knownSizes, volumeSizesState } from './sizes';
import { currentUsers, usersByVolume } from './users';

const DAY_MS = 86_400_000;

type HostFacts = {
  users: ReturnType<typeof usersByVolume>;
  records: Awaited<ReturnType<typeof protectionRecords>>;
  backups: Awaited<ReturnType<typeof backupSummary>>;
  sizes: ReturnType<typeof knownSizes>;
};

function backupWarning(volume: Pick<TVolume, 'protection' | 'lastBackup'>, now: number): string | null {
  if (!volume.protection.protected) return null;
  const hours = getEnv().WHARF_BACKUP_WARN_HOURS;
  if (!volume.lastBackup) return 'protected, and never backed up';
  const age = now - Date.parse(volume.lastBackup.at);
  return age > hours * 3600_000
    ? `protected, and not backed up for ${Math.floor(age / 3600_000)} hours`
    : null;
}

function toVolume(conn: HostConnection, v: EngineVolume, facts: HostFacts, now: number): TVolume {
  const labels = v.Labels ?? {};
  const users = facts.users.get(v.Name) ?? [];
  const createdAt = v.CreatedAt ? new Date(v.CreatedAt).toISOString() : null;
  const size = facts.sizes.sizes.get(v.Name);
  const backups = facts.backups.get(v.Name);
  const volume: TVolume = {
    host: { id: conn.id, name: conn.name },
    name: v.Name,
    driver: v.Driver,
    scope: v.Scope,
    mountpoint: v.Mountpoint,
    labels,
    createdAt,
    anonymous: isAnonymousVolume(v),
    users,
    services: [...new Set(users.flatMap((u) => (u.service ? [u.service] : [])))].sort(),
    protection: protectionOf(labels, facts.records.get(v.Name) ?? null),
    heldBy: users.filter((u) => u.dataOnly).map((u) => u.name),
    orphan: users.length === 0,
    ageDays: createdAt ? Math.floor((now - Date.parse(createdAt)) / DAY_MS) : null,
    size: size !== undefined && facts.sizes.at ? { bytes: size, at: facts.sizes.at } : null,
    lastBackup: backups?.last ?? null,
    backupCount: backups?.count ?? 0,
    backupWarning: null,
  };
  volume.backupWarning = backupWarning(volume, now);
  return volume;
}

/**
 * A host's volumes with their users, protection, last backup and last measured size: one volume list,
 * one container list and two queries. Never the disk-usage call, which can take minutes.
 */
export async function hostVolumes(conn: HostConnection): Promise<THostVolumes> {
  const [volumes, containers, records, backups] = await Promise.all([
    listEngineVolumes(conn),
    listContainers(conn),
    protectionRecords(conn.id),
    backupSummary(conn.id),
  ]);
  const facts: HostFacts = { users: usersByVolume(containers), records, backups, sizes: knownSizes(conn.id) };
  const now = Date.now();
  return {
    host: { id: conn.id, name: conn.name },
    volumes: volumes.map((v) => toVolume(conn, v, facts, now)).sort((a, b) => a.name.localeCompare(b.name)),
    sizes: volumeSizesState(conn.id),
    backupWarnHours: getEnv().WHARF_BACKUP_WARN_HOURS,
  };
}

/** Every host's volumes in parallel; a host that fails is a row with its error. */
export async function fleetVolumes(): Promise<TFleetVolumes> {
  const results = await fanOut(await allConnections(), hostVolumes);
  return {
    volumes: results.flatMap((r) => (r.ok ? r.data.volumes : [])),
    hosts: outcomes(results),
    sizes: Object.fromEntries(results.flatMap((r) => (r.ok ? [[r.host.id, r.data.sizes]] : []))),
    backupWarnHours: getEnv().WHARF_BACKUP_WARN_HOURS,
  };
}

/** One volume, read now, with its backups newest first and its driver options. */
export async function volumeDetail(conn: HostConnection, name: string): Promise<TVolumeDetail> {
  const [info, users, records, backups] = await Promise.all([
    inspectEngineVolume(conn, name),
    currentUsers(conn, name),
    protectionRecords(conn.id),
    listBackups(conn.id, name),
  ]);
  // The volume's own backups, newest first, give its summary.
  const [newest] = backups;
  const facts: HostFacts = {
    users: new Map([[name, users]]),
    records,
    backups: new Map(
      newest
        ? [
            [
              name,
              { last: { id: newest.id, at: newest.createdAt, size: newest.size }, count: backups.length },
            ],
          ]
        : [],
    ),
    sizes: knownSizes(conn.id),
  };
  return { ...toVolume(conn, info, facts, Date.now()), backups, options: info.Options ?? {} };
}

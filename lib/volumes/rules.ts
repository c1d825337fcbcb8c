/**
 * Volume rules: what protects a volume, who uses it, what may be deleted and which backups retention
 * removes. Pure, so every refusal is tested without engines.
 */

export const PROTECTED_LABEL = 'wharf.protected';
/** A container that says outright it exists to hold volumes. */
export const DATA_ONLY_LABEL = 'wharf.data-only';

export type VolumeUser = {
  id: string;
  name: string;
  state: string;
  command: string;
  labels: Record<string, string>;
  /** Names of the volumes it mounts. */
  volumes: string[];
};

/** Wharf's record for a volume: protected by a lead or admin, or a protection lifted by an admin. */
export type ProtectionRecord = { reason: string; by: string; at: string; lifted: boolean };

export type Protection =
  | { protected: false; lifted?: { reason: string; by: string; at: string } }
  | { protected: true; source: 'label' | 'record'; reason: string; by: string | null; at: string | null };

/** Commands that do nothing and exit: the mark of a container made only to hold volumes. */
const NO_OP = /^(?:\/bin\/)?(?:true|:)$|^(?:\/bin\/)?sh -c (?:true|:|exit 0)$|^echo\b|^(?:\/bin\/)?sleep 0$/;

/** A created or exited container that exists to hold volumes (never started, or runs a no-op). */
export function isDataOnly(c: VolumeUser): boolean {
  if (c.volumes.length === 0) return false;
  if (c.labels[DATA_ONLY_LABEL] === 'true') return true;
  if (c.state !== 'created' && c.state !== 'exited') return false;
  return c.state === 'created' || NO_OP.test(c.command.trim());
}

/**
 * The label protects before Wharf has any record; a record adds who protected it and why. An admin's
 * lift is a record too, and it is what releases a volume whose label Wharf cannot change.
 */
export function protectionOf(labels: Record<string, string>, record: ProtectionRecord | null): Protection {
  if (record?.lifted)
    return { protected: false, lifted: { reason: record.reason, by: record.by, at: record.at } };
  if (record)
    return { protected: true, source: 'record', reason: record.reason, by: record.by, at: record.at };
  if (labels[PROTECTED_LABEL] === 'true') {
    return {
      protected: true,
      source: 'label',
      reason: `the volume carries the label ${PROTECTED_LABEL}=true`,
      by: null,
      at: null,
    };
  }
  return { protected: false };
}

export type DeleteCheck =
  | { ok: true }
  | {
      ok: false;
      status: 400 | 409;
      message: string;
      containers?: { id: string; name: string; state: string }[];
    };

/**
 * Whether a volume may be deleted: protected volumes are refused for everyone, used ones name their
 * containers, and the caller must type the volume's name back.
 */
export function checkDelete(input: {
  name: string;
  protection: Protection;
  users: Pick<VolumeUser, 'id' | 'name' | 'state'>[];
  confirm: string | undefined;
}): DeleteCheck {
  const { name, protection, users, confirm } = input;
  if (protection.protected) {
    return {
      ok: false,
      status: 409,
      message: `${name} is protected (${protection.reason}); an admin must lift the protection, with a reason, before it can be deleted`,
    };
  }
  if (users.length > 0) {
    const list = users.map((u) => `${u.name} (${u.state})`).join(', ');
    return {
      ok: false,
      status: 409,
      message: `${name} is used by ${users.length === 1 ? 'a container' : `${users.length} containers`}: ${list}; remove ${users.length === 1 ? 'it' : 'them'} first`,
      containers: users.map(({ id, name: n, state }) => ({ id, name: n, state })),
    };
  }
  if (confirm !== name) {
    return { ok: false, status: 400, message: `confirm: type the volume's name (${name}) to delete it` };
  }
  return { ok: true };
}

export type BackupEntry = { id: string; volume: string; createdAt: string };

/**
 * The backups retention removes: all but the newest `keep` per volume, and never the only backup of a
 * protected volume.
 */
export function backupsToPrune(
  backups: BackupEntry[],
  keep: number,
  isProtected: (volume: string) => boolean,
): BackupEntry[] {
  const byVolume = new Map<string, BackupEntry[]>();
  for (const b of backups) byVolume.set(b.volume, [...(byVolume.get(b.volume) ?? []), b]);
  const out: BackupEntry[] = [];
  for (const [volume, list] of byVolume) {
    const newestFirst = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const keepCount = Math.max(keep, isProtected(volume) ? 1 : 0);
    out.push(...newestFirst.slice(keepCount));
  }
  return out;
}

/** Volumes no container refers to, oldest first, with their age in days. */
export function orphans(
  volumes: { name: string; createdAt: string | null }[],
  users: VolumeUser[],
  now: Date,
): { name: string; ageDays: number | null }[] {
  const used = new Set(users.flatMap((u) => u.volumes));
  return volumes
    .filter((v) => !used.has(v.name))
    .map((v) => ({
      name: v.name,
      ageDays: v.createdAt
        ? Math.floor((now.getTime() - new Date(v.createdAt).getTime()) / 86_400_000)
        : null,
    }))
    .sort((a, b) => (b.ageDays ?? -1) - (a.ageDays ?? -1) || a.name.localeCompare(b.name));
}

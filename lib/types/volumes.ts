/** Volume and backup shapes the API answers with, shared by the server and the browser. */
import type { THostOutcome } from './fleet';
import type { THostRef } from './images';

/** A container that mounts a volume, running or not. */
export type TVolumeUser = {
  id: string;
  name: string;
  state: string;
  service: string | null;
  /** A created or exited container that exists to hold volumes. */
  dataOnly: boolean;
  destination: string;
  readOnly: boolean;
};

export type TVolumeProtection =
  | { protected: false; lifted?: { reason: string; by: string; at: string } }
  | {
      protected: true;
      /**
       * `label`: `wharf.protected=true` on the volume; `record`: protected in Wharf by a lead or admin.
       * An admin's lift (with its reason) releases either.
       */
      source: 'label' | 'record';
      reason: string;
      by: string | null;
      at: string | null;
    };

export type TBackupReason = 'manual' | 'pre-release' | 'pre-delete' | 'pre-restore';

export type TBackup = {
  id: string;
  host: THostRef;
  volume: string;
  /** Bytes of the gzip file. */
  size: number;
  sha256: string;
  /** Entries in the archive (files, directories, links), compared after a restore. */
  fileCount: number;
  reason: TBackupReason;
  releaseId: string | null;
  note: string | null;
  createdBy: string;
  createdAt: string;
  /** Milliseconds the backup took. */
  ms: number;
};

/** The engine's disk-usage answer for a host, asked for on demand and kept with its time. */
export type TVolumeSizes = {
  status: 'none' | 'running' | 'done' | 'failed';
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** When the sizes shown were measured: the last run that succeeded, which a failed run does not erase. */
  measuredAt: string | null;
};

export type TVolume = {
  host: THostRef;
  name: string;
  driver: string;
  scope: string;
  mountpoint: string;
  labels: Record<string, string>;
  createdAt: string | null;
  /** Made by the engine for a container's anonymous mount, not named by anyone. */
  anonymous: boolean;
  users: TVolumeUser[];
  services: string[];
  protection: TVolumeProtection;
  /** Names of the data-only containers that hold it. */
  heldBy: string[];
  /** No container refers to it. */
  orphan: boolean;
  ageDays: number | null;
  /** From the last disk-usage run on the host; null when none has been run or it did not cover this volume. */
  size: { bytes: number; at: string } | null;
  lastBackup: { id: string; at: string; size: number } | null;
  backupCount: number;
  /** Set for a protected volume with no backup within the configured period. */
  backupWarning: string | null;
};

export type THostVolumes = {
  host: THostRef;
  volumes: TVolume[];
  sizes: TVolumeSizes;
  /** A protected volume without a backup this recent is flagged. */
  backupWarnHours: number;
};

/** The fleet inventory: every volume of every host that answered, and each host's outcome. */
export type TFleetVolumes = {
  volumes: TVolume[];
  hosts: THostOutcome[];
  /** The disk-usage run of each host that answered, by host id. */
  sizes: Record<string, TVolumeSizes>;
  backupWarnHours: number;
};

export type TVolumeDetail = TVolume & { backups: TBackup[]; options: Record<string, string> };

export type TVolumeDeleteResult = { host: THostRef; volume: string; deleted: true; backupId: string | null };

export type TVolumePruneCandidate = {
  name: string;
  driver: string;
  anonymous: boolean;
  createdAt: string | null;
  ageDays: number | null;
  size: number | null;
};

export type TVolumePrunePreview = {
  host: THostRef;
  volumes: TVolumePruneCandidate[];
  /** Orphans left out of the prune because they are protected. */
  skippedProtected: string[];
  confirm: string;
};

export type TVolumePruneResult = {
  host: THostRef;
  deleted: string[];
  backups: { volume: string; backupId: string }[];
  failed: { volume: string; message: string }[];
};

export type TRestoreResult = {
  backup: string;
  host: THostRef;
  volume: string;
  created: boolean;
  /** The pre-restore backup taken of the volume's previous content, when it had any. */
  previousBackupId: string | null;
  fileCount: number;
  verified: true;
  ms: number;
};

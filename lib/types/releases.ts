/** Shapes of services and releases that the API answers with, shared by the server and the browser. */
import type { TServiceSpec } from '@/lib/schemas/services';
import type { TLogLine } from './logs';

/** Secret values never leave the server: a saved spec answers each secret as this mask. */
export const SECRET_MASK = '••••••';

export type TService = {
  id: string;
  name: string;
  /** The spec with every `secretEnv` value replaced by SECRET_MASK. */
  spec: TServiceSpec;
  /** Canonical hash of the spec (secrets included, as keyed hashes): what an approval is bound to. */
  configHash: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
};

/** A service in the list, with where it stands now. */
export type TServiceSummary = TService & {
  current: TReleaseBrief | null;
  /** The newest release that is not terminal (pending approval, queued or running). */
  active: TReleaseBrief | null;
  pendingApprovals: number;
  frozen: TFreezeWindow | null;
};

export const RELEASE_STATUSES = [
  'pending_approval',
  'queued',
  'running',
  'succeeded',
  'failed',
  'rolled_back',
  'rejected',
  'cancelled',
  'interrupted',
] as const;
export type TReleaseStatus = (typeof RELEASE_STATUSES)[number];

export const TERMINAL_STATUSES: readonly TReleaseStatus[] = [
  'succeeded',
  'failed',
  'rolled_back',
  'rejected',
  'cancelled',
  'interrupted',
];

export type TReleaseKind = 'deploy' | 'rollback';

export const STEP_NAMES = ['preflight', 'backup', 'pull', 'swap', 'verify', 'finish', 'rollback'] as const;
export type TStepName = (typeof STEP_NAMES)[number];
export type TStepStatus = 'running' | 'ok' | 'failed' | 'skipped';

export type TReleaseStep = {
  id: string;
  /** Null for a step of the whole release (the approval check, the lock). */
  host: string | null;
  step: TStepName;
  status: TStepStatus;
  message: string;
  startedAt: string;
  finishedAt: string | null;
  /** Per step: pull progress, backup ids, container ids, probe results. */
  detail: Record<string, unknown>;
};

export type TReleaseBrief = {
  id: string;
  service: string;
  number: number;
  kind: TReleaseKind;
  status: TReleaseStatus;
  tag: string | null;
  digest: string;
  gitRevision: string | null;
  requestedBy: string;
  requestedAt: string;
  approvedBy: string | null;
  finishedAt: string | null;
};

export type TRelease = TReleaseBrief & {
  /** `repository@digest`, what the containers run. */
  image: string;
  note: string;
  hotfix: boolean;
  configHash: string;
  approvedAt: string | null;
  approvalExpiresAt: string | null;
  rejectedBy: string | null;
  rejectReason: string | null;
  cancelledBy: string | null;
  startedAt: string | null;
  /** Milliseconds from start to end, null until it ends. */
  durationMs: number | null;
  /** Why it ended as it did, in a sentence. */
  message: string;
  /** For a rollback: the release whose digest and config it deploys. */
  rollbackTo: { id: string; number: number } | null;
  steps: TReleaseStep[];
  /** The spec deployed, secrets masked. */
  config: TServiceSpec;
};

/** A line-by-line comparison of two configs, secrets masked (a changed secret says only "changed"). */
export type TConfigChange = {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: string | null;
  after: string | null;
};

export type TConfigDiff = {
  from: { id: string; number: number } | null;
  to: { id: string | null; number: number | null };
  changes: TConfigChange[];
};

/** Whether a past release can be rolled back to now. */
export type TRollbackability = {
  releaseId: string;
  possible: boolean;
  /** Per host: where the image is (on the host, in the registry) or why it cannot be had. */
  hosts: { host: string; image: 'on-host' | 'in-registry' | 'missing'; keptContainer: boolean }[];
  message: string;
  /**
   * Data to go back with it: the backups taken before this release ran and before the release that
   * replaced it (the data as it was while this release ran).
   */
  backups: { id: string; host: string; volume: string; createdAt: string; takenBeforeRelease: number }[];
};

/** Lines kept from a container a release replaced or that failed. */
export type TKeptLog = {
  id: string;
  releaseId: string;
  host: string;
  container: string;
  kind: 'replaced' | 'failed';
  lines: TLogLine[];
  capturedAt: string;
};

export type TFreezeWindow = {
  id: string;
  /** Null for a fleet-wide freeze. */
  service: string | null;
  startsAt: string;
  endsAt: string;
  reason: string;
  createdBy: string;
  createdAt: string;
};

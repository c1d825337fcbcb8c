/** The release state machine: which status may follow which. Pure; the store checks every change against it. */
import { TERMINAL_STATUSES, type TReleaseStatus } from '@/lib/types/releases';

const NEXT: Record<TReleaseStatus, readonly TReleaseStatus[]> = {
  pending_approval: ['queued', 'rejected', 'cancelled'],
  queued: ['running', 'cancelled', 'interrupted'],
  running: ['succeeded', 'failed', 'rolled_back', 'interrupted'],
  succeeded: [],
  failed: [],
  rolled_back: [],
  rejected: [],
  cancelled: [],
  interrupted: [],
};

export function canMove(from: TReleaseStatus, to: TReleaseStatus): boolean {
  return NEXT[from].includes(to);
}

/** The statuses a release may be in for it to move to `to`. */
export function sourcesOf(to: TReleaseStatus): TReleaseStatus[] {
  return (Object.keys(NEXT) as TReleaseStatus[]).filter((from) => canMove(from, to));
}

export function isTerminal(status: TReleaseStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Pending approval, queued or running: a release that still holds or may take the service. */
export function isActive(status: TReleaseStatus): boolean {
  return !isTerminal(status);
}

/**
 * Whether an approval still lets the release run: given by someone else than the requester, not used,
 * not expired, and for the digest and config it was given for.
 */
export function approvalProblem(
  release: {
    approvedBy: string | null;
    approvalUsed: boolean;
    approvalExpiresAt: string | null;
    digest: string;
    configHash: string;
  },
  now: { digest: string; configHash: string; at: number },
): string | null {
  if (!release.approvedBy) return 'the release has no approval';
  if (release.approvalUsed) return 'the approval was used already; request a new release';
  if (release.approvalExpiresAt && Date.parse(release.approvalExpiresAt) <= now.at)
    return `the approval expired at ${release.approvalExpiresAt}; request a new release`;
  if (now.digest !== release.digest)
    return `the tag now points to ${now.digest.slice(0, 19)}…, not the approved ${release.digest.slice(0, 19)}…; request a new release`;
  if (now.configHash !== release.configHash)
    return 'the service spec was edited since the approval; request a new release';
  return null;
}

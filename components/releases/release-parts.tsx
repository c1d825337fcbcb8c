import Link from 'next/link';
import { formatDuration } from '@/lib/format';
import { classifyTag } from '@/lib/images/reference';
import { releaseHref } from '@/lib/queries/releases';
import type { TReleaseBrief, TReleaseStatus, TStepStatus } from '@/lib/types/releases';
import { Badge, type BadgeTone } from '../ui/badge';
import type { DotTone } from '../ui/status-dot';

export const STATUS_LABEL: Record<TReleaseStatus, string> = {
  pending_approval: 'awaiting approval',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  rolled_back: 'rolled back',
  rejected: 'rejected',
  cancelled: 'cancelled',
  interrupted: 'interrupted',
};

export const STATUS_TONE: Record<TReleaseStatus, BadgeTone> = {
  pending_approval: 'warn',
  queued: 'info',
  running: 'info',
  succeeded: 'ok',
  failed: 'bad',
  rolled_back: 'bad',
  rejected: 'neutral',
  cancelled: 'neutral',
  interrupted: 'bad',
};

export const STATUS_DOT: Record<TReleaseStatus, DotTone> = {
  pending_approval: 'warn',
  queued: 'info',
  running: 'info',
  succeeded: 'ok',
  failed: 'bad',
  rolled_back: 'bad',
  rejected: 'idle',
  cancelled: 'idle',
  interrupted: 'bad',
};

export function ReleaseStatusBadge({ status, testId }: { status: TReleaseStatus; testId?: string }) {
  return (
    <Badge tone={STATUS_TONE[status]} testId={testId}>
      <span data-status={status}>{STATUS_LABEL[status]}</span>
    </Badge>
  );
}

export const STEP_TONE: Record<TStepStatus, BadgeTone> = {
  running: 'info',
  ok: 'ok',
  failed: 'bad',
  skipped: 'neutral',
};

/** `sha256:0123456789ab`: enough of a digest to tell two apart; the full one goes in the title. */
export function shortDigest(digest: string): string {
  const [algo, hex] = digest.includes(':') ? digest.split(':', 2) : ['sha256', digest];
  return `${algo}:${(hex ?? '').slice(0, 12)}`;
}

export function Digest({ digest }: { digest: string }) {
  return (
    <code className="font-mono text-xs" title={digest}>
      {shortDigest(digest)}
    </code>
  );
}

/** A tag, marked when it names a Git commit: the tags CI pushes and that should never move. */
export function TagText({ tag }: { tag: string | null }) {
  if (!tag) return <span className="text-muted">by digest</span>;
  const sha = classifyTag(tag) === 'git-sha';
  return (
    <code
      className={`font-mono text-xs ${sha ? 'font-semibold text-accent' : ''}`}
      title={sha ? `${tag}: a Git commit tag` : tag}
    >
      {tag}
    </code>
  );
}

export function Revision({ revision }: { revision: string | null }) {
  if (!revision) return <span className="text-muted">—</span>;
  return (
    <code className="font-mono text-xs" title={revision}>
      {revision.slice(0, 10)}
    </code>
  );
}

/** `#12`, a link to the release's page. */
export function ReleaseLink({
  release,
  prefix = '#',
}: {
  release: Pick<TReleaseBrief, 'id' | 'number'>;
  prefix?: string;
}) {
  return (
    <Link href={releaseHref(release.id)} className="font-medium text-accent tabular hover:underline">
      {prefix}
      {release.number}
    </Link>
  );
}

export function KindBadge({ kind }: { kind: TReleaseBrief['kind'] }) {
  return kind === 'rollback' ? <Badge tone="warn">rollback</Badge> : <Badge>deploy</Badge>;
}

export function durationText(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return formatDuration(ms);
}

/** From start to end, or from start to now while it runs. */
export function elapsedMs(startedAt: string | null, finishedAt: string | null, now: number): number | null {
  if (!startedAt) return null;
  const start = Date.parse(startedAt);
  const end = finishedAt ? Date.parse(finishedAt) : now;
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, end - start);
}

/** Whether this person asked for the release: nobody approves their own request. */
export function isOwnRequest(
  release: Pick<TReleaseBrief, 'requestedBy'>,
  user: { id: string; name: string },
) {
  return release.requestedBy === user.name || release.requestedBy === user.id;
}

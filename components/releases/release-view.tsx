'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatAgo, formatDateTime } from '@/lib/format';
import { isApiError } from '@/lib/queries/api';
import { isUnderWay, releaseHref, useRelease, useServiceReleases } from '@/lib/queries/releases';
import { serviceHref } from '@/lib/queries/services';
import type { TRelease } from '@/lib/types/releases';
import { Facts, Mono } from '../containers/detail-parts';
import { Badge } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { ErrorPanel } from '../ui/error-panel';
import { Section } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { ConfigDiff } from './config-diff';
import { KeptLogs } from './kept-logs';
import { ReleaseActions } from './release-actions';
import { durationText, elapsedMs, KindBadge, ReleaseStatusBadge, Revision, TagText } from './release-parts';
import { StepsTable } from './steps-table';

function Who({ name, at }: { name: string | null; at: string | null }) {
  if (!name) return null;
  return (
    <span>
      {name}{' '}
      <span className="text-xs text-muted" title={formatDateTime(at)}>
        {at ? formatAgo(at) : ''}
      </span>
    </span>
  );
}

function Outcome({ r }: { r: TRelease }) {
  if (!r.message) return null;
  const bad = r.status === 'failed' || r.status === 'rolled_back' || r.status === 'interrupted';
  return (
    <p
      role={bad ? 'alert' : 'status'}
      data-testid="release-message"
      className={`rounded-md border px-3 py-2 text-sm break-words ${
        bad
          ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200'
          : 'border-line bg-surface'
      }`}
    >
      {r.message}
    </p>
  );
}

function ReleaseFacts({ r, now }: { r: TRelease; now: number }) {
  const approval = r.approvedBy ? (
    <Who key="ap" name={r.approvedBy} at={r.approvedAt} />
  ) : r.status === 'pending_approval' ? (
    'waiting for a lead'
  ) : (
    'not needed'
  );
  return (
    <Facts
      items={(
        [
          [
            'Service',
            <Link key="s" href={serviceHref(r.service)} className="text-accent hover:underline">
              {r.service}
            </Link>,
          ],
          ['Image', <Mono key="i">{r.image}</Mono>],
          ['Tag', <TagText key="t" tag={r.tag} />],
          ['Digest', <Mono key="d">{r.digest}</Mono>],
          ['Git revision', <Revision key="g" revision={r.gitRevision} />],
          ['Requested by', <Who key="rq" name={r.requestedBy} at={r.requestedAt} />],
          ['Approved by', r.kind === 'rollback' && !r.approvedBy ? 'a rollback needs no approval' : approval],
          [
            'Approval expires',
            r.status === 'pending_approval' || r.status === 'queued'
              ? formatDateTime(r.approvalExpiresAt)
              : null,
          ],
          ['Rejected by', r.rejectedBy ? `${r.rejectedBy}: ${r.rejectReason ?? ''}` : null],
          ['Cancelled by', r.cancelledBy],
          [
            'Rolls back to',
            r.rollbackTo ? (
              <Link key="rb" href={releaseHref(r.rollbackTo.id)} className="text-accent hover:underline">
                #{r.rollbackTo.number}
              </Link>
            ) : null,
          ],
          [
            'Hotfix',
            r.hotfix ? (
              <Badge key="h" tone="warn">
                hotfix
              </Badge>
            ) : null,
          ],
          [
            'Note',
            r.note ? (
              <span key="n" className="whitespace-pre-wrap">
                {r.note}
              </span>
            ) : null,
          ],
          ['Started', formatDateTime(r.startedAt)],
          ['Finished', formatDateTime(r.finishedAt)],
          ['Took', durationText(r.durationMs ?? elapsedMs(r.startedAt, r.finishedAt, now))],
          ['Config hash', <Mono key="c">{r.configHash}</Mono>],
        ] as [string, ReactNode][]
      ).filter(([, value]) => value !== null && value !== '—')}
    />
  );
}

function Steps({ r, now }: { r: TRelease; now: number }) {
  if (r.steps.length > 0) return <StepsTable steps={r.steps} now={now} />;
  const why: Record<string, string> = {
    pending_approval: 'Nothing runs until a lead approves it.',
    queued: 'Queued: the engine starts it in a moment.',
    rejected: 'Rejected: nothing ran.',
    cancelled: 'Cancelled before it started: nothing ran.',
  };
  return <p className="text-sm text-muted">{why[r.status] ?? 'No steps were recorded.'}</p>;
}

/** One release: who and why, its steps live while it runs, its config diff and the logs it kept. */
export function ReleaseView({ id }: { id: string }) {
  const { data: r, error, isPending, refetch, dataUpdatedAt } = useRelease(id);
  const history = useServiceReleases(r?.service ?? '');
  if (isPending) return <LoadingBlock label="Loading the release…" rows={10} />;
  if (!r) {
    const missing = isApiError(error) && error.status === 404;
    return (
      <ErrorPanel
        title={missing ? `No release ${id}` : 'The release could not be read'}
        error={error}
        onRetry={missing ? undefined : () => void refetch()}
      >
        <Link href="/releases" className={buttonClass('secondary', 'sm', 'mt-2')}>
          All releases
        </Link>
      </ErrorPanel>
    );
  }
  const now = Math.max(dataUpdatedAt, Date.now());
  const latestSucceeded = history.data?.find((x) => x.status === 'succeeded')?.id === r.id;
  return (
    <div className="flex flex-col gap-4" data-testid="release" data-status={r.status}>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs text-muted">
            <Link href="/services" className="hover:underline">
              Services
            </Link>{' '}
            /{' '}
            <Link href={serviceHref(r.service)} className="hover:underline">
              {r.service}
            </Link>{' '}
            /
          </p>
          <h1 className="flex min-w-0 flex-wrap items-center gap-2 text-xl font-semibold">
            <span className="truncate">
              Release #{r.number} of {r.service}
            </span>
            <ReleaseStatusBadge status={r.status} testId="release-status" />
            <KindBadge kind={r.kind} />
            {isUnderWay(r.status) ? <span className="text-xs font-normal text-muted">live</span> : null}
          </h1>
          <p
            className="flex flex-wrap items-center gap-1.5 text-xs text-muted"
            data-testid="release-kind-line"
          >
            {r.rollbackTo ? (
              <span>
                Rollback to{' '}
                <Link href={releaseHref(r.rollbackTo.id)} className="text-accent hover:underline">
                  #{r.rollbackTo.number}
                </Link>
                :
              </span>
            ) : null}
            <TagText tag={r.tag} />
            <span title={r.digest}>{r.digest.slice(0, 19)}</span>
          </p>
        </div>
        <ReleaseActions release={r} latestSucceeded={latestSucceeded} />
      </header>
      <Outcome r={r} />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Section title="Release">
          <ReleaseFacts r={r} now={now} />
        </Section>
        <Section title={isUnderWay(r.status) ? 'Steps (live)' : 'Steps'}>
          <Steps r={r} now={now} />
        </Section>
      </div>
      <Section title="Config diff">
        <ConfigDiff releaseId={r.id} />
      </Section>
      <Section title="Kept logs">
        <KeptLogs releaseId={r.id} live={isUnderWay(r.status)} />
      </Section>
    </div>
  );
}

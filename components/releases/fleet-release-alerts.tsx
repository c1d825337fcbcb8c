'use client';

import Link from 'next/link';
import { formatAgo } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { releaseHref, useReleaseList } from '@/lib/queries/releases';
import { Badge } from '../ui/badge';

/** A failed release (one whose rollback did not bring every host back) is loud for this long. */
const FAILED_WINDOW_MS = 24 * 3_600_000;

/**
 * Releases on the overview: failed ones of the last day (a failed release may have left a host without
 * its service), those running now, and how many wait for a lead. Quiet when there is nothing.
 */
export function FleetReleaseAlerts() {
  const canApprove = useCan('releases.approve');
  const { data, error, isPending } = useReleaseList({
    status: 'failed,running,queued,pending_approval',
    limit: '100',
  });
  const now = Date.now();
  const failed = (data ?? []).filter(
    (r) => r.status === 'failed' && now - Date.parse(r.finishedAt ?? r.requestedAt) < FAILED_WINDOW_MS,
  );
  const running = (data ?? []).filter((r) => r.status === 'running' || r.status === 'queued');
  const pending = (data ?? []).filter((r) => r.status === 'pending_approval');

  return (
    <section
      aria-label="Releases across the fleet"
      data-testid="fleet-release-alerts"
      className="flex flex-col gap-1 rounded-lg border border-line bg-surface px-3 py-2 text-sm"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-[11px] font-medium tracking-wide text-muted uppercase">Releases</span>
        {isPending ? (
          <span className="text-xs text-muted">reading releases…</span>
        ) : !data ? (
          <span className="text-xs text-red-700 dark:text-red-400">could not be read: {error?.message}</span>
        ) : failed.length + running.length + pending.length === 0 ? (
          <span className="text-xs text-muted">Nothing running, nothing failed in the last day</span>
        ) : (
          <>
            {failed.length > 0 ? <Badge tone="bad">{failed.length} failed</Badge> : null}
            {running.length > 0 ? <Badge tone="info">{running.length} running</Badge> : null}
            {pending.length > 0 ? (
              canApprove ? (
                <Link href="/approvals" className="text-xs underline">
                  {pending.length} waiting for approval
                </Link>
              ) : (
                <Badge tone="warn">{pending.length} waiting for approval</Badge>
              )
            ) : null}
          </>
        )}
      </div>
      {[...failed, ...running].length > 0 ? (
        <ul className="flex flex-col gap-0.5">
          {[...failed, ...running].map((r) => (
            <li key={r.id} className={r.status === 'failed' ? 'text-red-800 dark:text-red-300' : 'text-fg'}>
              <Link href={releaseHref(r.id)} className="font-medium underline">
                {r.service} #{r.number}
              </Link>{' '}
              {r.status === 'failed' ? (
                <>
                  failed {formatAgo(r.finishedAt ?? r.requestedAt, now)}: {r.message}
                </>
              ) : (
                <>
                  {r.status} · {r.tag ?? r.digest.slice(0, 19)} · requested by {r.requestedBy}
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

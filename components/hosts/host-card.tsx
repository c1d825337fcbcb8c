import Link from 'next/link';
import { memo } from 'react';
import { formatBytes } from '@/lib/format';
import type { THostSummary } from '@/lib/types/fleet';
import { HostDriftBadge } from '../images/host-drift';
import { LabelChips } from '../ui/label-chips';
import { CertWarnings } from './cert-warning';
import { engineLine, HostStatus } from './host-status';

function Count({ label, value, tone }: { label: string; value: number | undefined; tone?: 'bad' | 'warn' }) {
  const alert =
    tone && value
      ? tone === 'bad'
        ? 'text-red-700 dark:text-red-400'
        : 'text-amber-700 dark:text-amber-400'
      : '';
  return (
    <div>
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className={`font-semibold tabular ${alert}`}>{value ?? '—'}</dd>
    </div>
  );
}

/** One host on the overview. A host that did not answer shows why, and the others are unaffected. */
export const HostCard = memo(function HostCard({ host }: { host: THostSummary }) {
  const down = host.status !== 'up';
  return (
    <article
      aria-label={host.name}
      data-testid={`host-card-${host.name}`}
      className={`flex min-w-0 flex-col gap-2 rounded-lg border bg-surface p-3 ${down ? 'border-red-300 dark:border-red-900' : 'border-line'}`}
    >
      <header className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate font-semibold" title={host.name}>
            <Link href={`/hosts/${encodeURIComponent(host.name)}`} className="hover:underline">
              {host.name}
            </Link>
          </h2>
          <p className="truncate font-mono text-xs text-muted" title={host.url}>
            {host.url}
          </p>
        </div>
        <HostStatus host={host} />
      </header>
      {down ? (
        <p
          role="status"
          className="rounded bg-red-50 px-2 py-1 text-xs break-words text-red-900 dark:bg-red-950/60 dark:text-red-200"
        >
          {host.error?.message ?? 'The host did not answer.'}
        </p>
      ) : (
        <>
          <p className="text-xs text-muted">
            {engineLine(host)}
            {host.engine ? (
              <>
                {' · '}
                {host.engine.os} {host.engine.arch} · {host.engine.cpus} CPUs ·{' '}
                {formatBytes(host.engine.memoryBytes)}
              </>
            ) : null}
          </p>
          <dl className="grid grid-cols-6 gap-2 text-sm">
            <Count label="Running" value={host.counts?.running} />
            <Count label="Stopped" value={host.counts?.stopped} />
            <Count label="Unhealthy" value={host.counts?.unhealthy} tone="bad" />
            <Count label="Restarting" value={host.counts?.restarting} tone="warn" />
            <Count label="Images" value={host.counts?.images} />
            <Count label="Volumes" value={host.counts?.volumes} />
          </dl>
          <HostDriftBadge host={host.name} />
        </>
      )}
      <CertWarnings host={host} />
      {Object.keys(host.labels).length > 0 ? <LabelChips labels={host.labels} max={4} /> : null}
    </article>
  );
});

import type { ReactNode } from 'react';
import { plural } from '@/lib/format';
import type { TLineRow, TLogRow } from '@/lib/logs/buffer';
import { formatLogTime } from '@/lib/logs/time';
import type { TLogMarkerKind } from '@/lib/types/logs';

const MARKER_STYLE: Record<TLogMarkerKind, { label: string; className: string }> = {
  release: {
    label: 'release',
    className: 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-200',
  },
  rollback: {
    label: 'rollback',
    className:
      'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200',
  },
  start: { label: 'start', className: 'border-line bg-raised text-fg' },
  restart: {
    label: 'restart',
    className:
      'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200',
  },
  die: {
    label: 'exit',
    className: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200',
  },
  oom: {
    label: 'OOM',
    className: 'border-red-400 bg-red-100 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100',
  },
  health: {
    label: 'health',
    className:
      'border-violet-300 bg-violet-50 text-violet-900 dark:border-violet-800 dark:bg-violet-950 dark:text-violet-200',
  },
};

function Banner({ className, testId, children }: { className: string; testId: string; children: ReactNode }) {
  return (
    <div className="px-2 py-0.5" data-testid={testId}>
      <div className={`flex flex-wrap items-center gap-2 rounded border px-2 py-0.5 text-xs ${className}`}>
        {children}
      </div>
    </div>
  );
}

/** Everything between the lines: markers, skipped lines, notices, and the count of lines dropped. */
export function OtherRow({ row, utc }: { row: Exclude<TLogRow, TLineRow>; utc: boolean }) {
  if (row.kind === 'marker') {
    const m = row.marker;
    const style = MARKER_STYLE[m.kind] ?? MARKER_STYLE.start;
    const health = m.kind === 'health' && /\bhealthy\b/.test(m.message) && !/unhealthy/.test(m.message);
    return (
      <Banner
        testId="log-marker"
        className={
          health
            ? 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200'
            : style.className
        }
      >
        <span className="font-mono tabular-nums opacity-75">{formatLogTime(m.ts, utc).slice(5)}</span>
        <span className="font-semibold uppercase tracking-wide">{style.label}</span>
        <span>{m.message}</span>
        {m.exitCode !== undefined ? <span className="font-mono">exit code {m.exitCode}</span> : null}
        {m.host && m.container ? (
          <span className="font-mono opacity-75">
            {m.host}/{m.container}
          </span>
        ) : null}
      </Banner>
    );
  }
  if (row.kind === 'skipped')
    return (
      <Banner
        testId="log-skipped"
        className="border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
      >
        {plural(row.count, 'line')} skipped (the browser fell behind)
      </Banner>
    );
  const tone =
    row.tone === 'bad'
      ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200'
      : row.tone === 'warn'
        ? 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200'
        : 'border-line bg-raised text-muted';
  return (
    <Banner testId="log-notice" className={tone}>
      {row.message}
    </Banner>
  );
}

export function DroppedRow({ count, cap }: { count: number; cap: number }) {
  return (
    <Banner testId="log-dropped" className="border-line bg-raised text-muted">
      {count.toLocaleString('en-US')} older lines dropped (the viewer keeps the newest{' '}
      {cap.toLocaleString('en-US')})
    </Banner>
  );
}

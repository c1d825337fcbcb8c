'use client';

import { formatDateTime } from '@/lib/format';
import type { TReleaseStep } from '@/lib/types/releases';
import { Badge } from '../ui/badge';
import { Spinner } from '../ui/button';
import { TableHead, tableClass, tdClass } from '../ui/table';
import { durationText, elapsedMs, STEP_TONE } from './release-parts';

/** Steps by host in the order they ran; steps of the whole release (approval, lock) first. */
export function groupSteps(steps: TReleaseStep[]): { host: string | null; steps: TReleaseStep[] }[] {
  const groups = new Map<string | null, TReleaseStep[]>();
  const sorted = [...steps].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  for (const s of sorted.filter((x) => x.host === null)) groups.set(null, [...(groups.get(null) ?? []), s]);
  for (const s of sorted.filter((x) => x.host !== null))
    groups.set(s.host, [...(groups.get(s.host) ?? []), s]);
  return [...groups].map(([host, list]) => ({ host, steps: list }));
}

function Detail({ detail }: { detail: Record<string, unknown> }) {
  if (Object.keys(detail).length === 0) return null;
  return (
    <details className="mt-0.5">
      <summary className="cursor-pointer text-xs text-muted hover:text-fg">detail</summary>
      <pre className="mt-1 max-h-64 overflow-auto rounded bg-raised px-2 py-1 font-mono text-[11px] leading-4 whitespace-pre-wrap break-all">
        {JSON.stringify(detail, null, 2)}
      </pre>
    </details>
  );
}

/** What the engine did, per host and step, with its outcome; refreshed while the release runs. */
export function StepsTable({ steps, now }: { steps: TReleaseStep[]; now: number }) {
  const groups = groupSteps(steps);
  return (
    <div className="overflow-x-auto">
      <table className={tableClass} aria-label="Release steps">
        <TableHead columns={['Step', 'Status', 'Started', 'Took', 'Message']} />
        {groups.map((g) => (
          <tbody key={g.host ?? '(release)'} data-testid="step-group" data-host={g.host ?? ''}>
            <tr>
              <th
                scope="rowgroup"
                colSpan={5}
                className="border-b border-line bg-raised/60 px-2 py-1 text-left text-xs font-semibold"
              >
                {g.host ?? 'Whole release'}
              </th>
            </tr>
            {g.steps.map((s) => (
              <tr key={s.id} data-testid="step-row" data-step={s.step} data-status={s.status}>
                <td className={`${tdClass} font-medium whitespace-nowrap`}>{s.step}</td>
                <td className={tdClass}>
                  <Badge tone={STEP_TONE[s.status]}>
                    {s.status === 'running' ? <Spinner className="mr-1" /> : null}
                    {s.status}
                  </Badge>
                </td>
                <td className={`${tdClass} text-xs whitespace-nowrap tabular`}>
                  {formatDateTime(s.startedAt).slice(11)}
                </td>
                <td className={`${tdClass} text-xs whitespace-nowrap tabular`}>
                  {durationText(elapsedMs(s.startedAt, s.finishedAt, now))}
                </td>
                <td className={`${tdClass} min-w-64 text-xs`}>
                  <span className="break-words">{s.message || <span className="text-muted">—</span>}</span>
                  <Detail detail={s.detail} />
                </td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

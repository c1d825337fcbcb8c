import { formatBytes } from '@/lib/format';
import type { THostSummary } from '@/lib/types/fleet';

type Tile = { label: string; value: string; tone?: 'bad' | 'warn' };

function totals(hosts: THostSummary[]): Tile[] {
  const sum = (pick: (h: THostSummary) => number | undefined) =>
    hosts.reduce((n, h) => n + (pick(h) ?? 0), 0);
  const up = hosts.filter((h) => h.status === 'up').length;
  const unhealthy = sum((h) => h.counts?.unhealthy);
  const restarting = sum((h) => h.counts?.restarting);
  return [
    { label: 'Hosts up', value: `${up} / ${hosts.length}`, tone: up < hosts.length ? 'bad' : undefined },
    { label: 'Running', value: String(sum((h) => h.counts?.running)) },
    { label: 'Stopped', value: String(sum((h) => h.counts?.stopped)) },
    { label: 'Unhealthy', value: String(unhealthy), tone: unhealthy > 0 ? 'bad' : undefined },
    { label: 'Restarting', value: String(restarting), tone: restarting > 0 ? 'warn' : undefined },
    { label: 'Images', value: String(sum((h) => h.counts?.images)) },
    { label: 'Volumes', value: String(sum((h) => h.counts?.volumes)) },
    { label: 'CPUs', value: String(sum((h) => h.engine?.cpus)) },
    { label: 'Memory', value: formatBytes(sum((h) => h.engine?.memoryBytes)) },
  ];
}

const TONE = { bad: 'text-red-700 dark:text-red-400', warn: 'text-amber-700 dark:text-amber-400' } as const;

/** Fleet-wide sums; hosts that did not answer count as zero and are flagged separately. */
export function FleetTotals({ hosts }: { hosts: THostSummary[] }) {
  return (
    <dl
      aria-label="Fleet totals"
      className="grid grid-cols-3 gap-px overflow-hidden rounded-lg border border-line bg-line sm:grid-cols-5 xl:grid-cols-9"
    >
      {totals(hosts).map((t) => (
        <div key={t.label} className="bg-surface px-3 py-2">
          <dt className="text-[11px] font-medium tracking-wide text-muted uppercase">{t.label}</dt>
          <dd className={`text-lg font-semibold tabular ${t.tone ? TONE[t.tone] : ''}`}>{t.value}</dd>
        </div>
      ))}
    </dl>
  );
}

import type { THostSummary } from '@/lib/types/fleet';
import { HostStatusBadge } from '../ui/badge';
import { StatusDot } from '../ui/status-dot';

/** Dot, `up`/`down`/`timeout`, and how long the host took to answer. */
export function HostStatus({ host }: { host: Pick<THostSummary, 'status' | 'latencyMs'> }) {
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <StatusDot tone={host.status === 'up' ? 'ok' : 'bad'} />
      <HostStatusBadge status={host.status} />
      <span className="text-xs text-muted tabular" title="time to answer">
        {host.latencyMs} ms
      </span>
    </span>
  );
}

export function engineLine(host: THostSummary): string {
  if (!host.engine) return '—';
  return `Docker ${host.engine.version} · API ${host.engine.apiVersion}`;
}

import type { TagKind } from '@/lib/images/reference';
import type { TDrift, TDriftCounts, TDriftKind, TDriftSeverity, TImageRole } from '@/lib/types/images';
import { Badge, type BadgeTone } from '../ui/badge';

export const SEVERITY_TONE: Record<TDriftSeverity, BadgeTone> = {
  alarm: 'bad',
  warning: 'warn',
  notice: 'neutral',
};

export const SEVERITY_RANK: Record<TDriftSeverity, number> = { alarm: 0, warning: 1, notice: 2 };

export const DRIFT_LABEL: Record<TDriftKind, string> = {
  'hosts-differ': 'hosts differ',
  'registry-moved': 'moved in registry',
  'sha-tag-moved': 'SHA tag moved',
  'stale-container': 'stale container',
  'mutable-tag': 'mutable tag running',
  'tag-policy': 'tag policy',
};

export function sortDrift(drift: TDrift[]): TDrift[] {
  return [...drift].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/** One badge per drift, worst first; the sentence is in the tooltip and for screen readers. */
export function DriftBadges({ drift }: { drift: TDrift[] }) {
  if (drift.length === 0) return <span className="text-muted">—</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {sortDrift(drift).map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one tag can carry the same kind twice
        <li key={`${d.kind}-${i}`}>
          <Badge tone={SEVERITY_TONE[d.severity]} title={`${d.severity}: ${d.message}`} testId="drift-badge">
            {d.severity === 'alarm' ? '⚠ ' : ''}
            {DRIFT_LABEL[d.kind]}
            <span className="sr-only">: {d.message}</span>
          </Badge>
        </li>
      ))}
    </ul>
  );
}

const COUNT_LABEL: Record<TDriftSeverity, [string, string]> = {
  alarm: ['alarm', 'alarms'],
  warning: ['warning', 'warnings'],
  notice: ['notice', 'notices'],
};

/** `2 alarms · 1 warning`; nothing when there is no drift, unless `showNone`. */
export function DriftCountBadges({
  counts,
  showNone = false,
  testId,
}: {
  counts: TDriftCounts;
  showNone?: boolean;
  testId?: string;
}) {
  const severities = (['alarm', 'warning', 'notice'] as const).filter((s) => counts[s] > 0);
  if (severities.length === 0) {
    return showNone ? (
      <Badge tone="ok" testId={testId}>
        no drift
      </Badge>
    ) : null;
  }
  return (
    <span className="inline-flex flex-wrap gap-1" data-testid={testId}>
      {severities.map((s) => {
        const n = counts[s];
        const [one, many] = COUNT_LABEL[s];
        return (
          <Badge key={s} tone={SEVERITY_TONE[s]} title={`${n} drift ${n === 1 ? one : many}`}>
            {n} {n === 1 ? one : many}
          </Badge>
        );
      })}
    </span>
  );
}

const KIND_TITLE: Record<TagKind, string> = {
  'git-sha': 'A Git-SHA tag: it must never move',
  version: 'A version tag: it should rarely move',
  mutable: 'A mutable tag such as latest: it may point elsewhere at any time',
};

export function TagKindBadge({ kind }: { kind: TagKind }) {
  return (
    <Badge
      tone={kind === 'mutable' ? 'warn' : kind === 'git-sha' ? 'info' : 'neutral'}
      title={KIND_TITLE[kind]}
    >
      {kind}
    </Badge>
  );
}

export function RoleLabel({ role }: { role: TImageRole }) {
  if (role === 'unknown') return <span className="text-xs text-muted">—</span>;
  return <span className="text-xs">{role}</span>;
}

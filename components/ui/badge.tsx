import type { ReactNode } from 'react';
import type { TContainerHealth, THostStatus } from '@/lib/types/fleet';

export type BadgeTone = 'neutral' | 'ok' | 'bad' | 'warn' | 'info';

const TONES: Record<BadgeTone, string> = {
  neutral: 'bg-raised text-muted border-line',
  ok: 'bg-emerald-50 text-emerald-800 border-emerald-200 dark:bg-emerald-950 dark:text-emerald-300 dark:border-emerald-900',
  bad: 'bg-red-50 text-red-800 border-red-200 dark:bg-red-950 dark:text-red-300 dark:border-red-900',
  warn: 'bg-amber-50 text-amber-900 border-amber-200 dark:bg-amber-950 dark:text-amber-300 dark:border-amber-900',
  info: 'bg-sky-50 text-sky-800 border-sky-200 dark:bg-sky-950 dark:text-sky-300 dark:border-sky-900',
};

export function Badge({
  tone = 'neutral',
  children,
  title,
  className = '',
  testId,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  title?: string;
  className?: string;
  testId?: string;
}) {
  return (
    <span
      title={title}
      data-testid={testId}
      className={`inline-flex items-center rounded border px-1.5 py-px text-xs leading-4 font-medium whitespace-nowrap ${TONES[tone]} ${className}`}
    >
      {children}
    </span>
  );
}

export function stateTone(state: string): BadgeTone {
  switch (state) {
    case 'running':
      return 'ok';
    case 'restarting':
    case 'paused':
      return 'warn';
    case 'dead':
    case 'removing':
      return 'bad';
    case 'created':
      return 'info';
    default:
      return 'neutral';
  }
}

/** A container's state as Docker names it: `running`, `exited`, `restarting`, ... */
export function StateBadge({ state, testId }: { state: string; testId?: string }) {
  return (
    <Badge tone={stateTone(state)} testId={testId}>
      {state}
    </Badge>
  );
}

export function HealthBadge({ health }: { health: TContainerHealth }) {
  if (!health) return <span className="text-muted">—</span>;
  const tone: BadgeTone = health === 'healthy' ? 'ok' : health === 'unhealthy' ? 'bad' : 'info';
  return <Badge tone={tone}>{health}</Badge>;
}

/** A host's status: `up`, `down` or `timeout`. */
export function HostStatusBadge({ status }: { status: THostStatus }) {
  return <Badge tone={status === 'up' ? 'ok' : 'bad'}>{status}</Badge>;
}

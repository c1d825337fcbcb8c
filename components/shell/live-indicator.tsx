'use client';

import { type LiveState, useLiveState } from '@/lib/hooks/use-fleet-events';
import { type DotTone, StatusDot } from '../ui/status-dot';

const TEXT: Record<LiveState, { label: string; tone: DotTone; title: string }> = {
  connecting: { label: 'Connecting…', tone: 'idle', title: 'Opening the live event stream' },
  live: { label: 'Live', tone: 'ok', title: 'Changes on every host show up within seconds' },
  partial: {
    label: 'Live, some hosts not',
    tone: 'warn',
    title: 'Some hosts’ event streams are down; their pages refresh every 10–15 s',
  },
  offline: {
    label: 'Reconnecting…',
    tone: 'bad',
    title: 'The live stream is lost; pages still refresh every 10–15 s',
  },
};

/** Whether changes made outside Wharf show up on their own. */
export function LiveIndicator() {
  const state = useLiveState();
  const t = TEXT[state];
  return (
    <p
      data-testid="live-indicator"
      data-state={state}
      title={t.title}
      aria-live="polite"
      className="flex items-center gap-1.5 text-xs text-muted"
    >
      <StatusDot tone={t.tone} className={state === 'live' ? 'animate-pulse' : ''} />
      {t.label}
    </p>
  );
}

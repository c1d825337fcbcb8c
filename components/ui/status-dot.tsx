export type DotTone = 'ok' | 'bad' | 'warn' | 'idle' | 'info';

const TONES: Record<DotTone, string> = {
  ok: 'bg-emerald-500',
  bad: 'bg-red-500',
  warn: 'bg-amber-500',
  idle: 'bg-zinc-400 dark:bg-zinc-500',
  info: 'bg-sky-500',
};

/** A coloured dot; always paired with text, never the only signal. */
export function StatusDot({ tone, className = '' }: { tone: DotTone; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={`inline-block size-2 shrink-0 rounded-full ${TONES[tone]} ${className}`}
    />
  );
}

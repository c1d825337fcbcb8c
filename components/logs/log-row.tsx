import { type MouseEvent, memo } from 'react';
import type { TLineRow } from '@/lib/logs/buffer';
import { looksLikeJson, parseJsonLine } from '@/lib/logs/json-line';
import type { TLogLevel } from '@/lib/logs/levels';
import { formatLogTime } from '@/lib/logs/time';
import { AnsiText } from './ansi-text';

const LEVEL_LABEL: Record<TLogLevel, string> = {
  error: 'ERR',
  warn: 'WRN',
  info: 'INF',
  debug: 'DBG',
  trace: 'TRC',
};
export const LEVEL_TEXT: Record<TLogLevel, string> = {
  error: 'text-red-700 dark:text-red-400',
  warn: 'text-amber-700 dark:text-amber-400',
  info: 'text-sky-700 dark:text-sky-400',
  debug: 'text-muted',
  trace: 'text-muted/70',
};
const LEVEL_ROW: Partial<Record<TLogLevel, string>> = {
  error: 'bg-red-50/70 dark:bg-red-950/30',
  warn: 'bg-amber-50/60 dark:bg-amber-950/20',
};

const SOURCE_HUES = [
  'text-sky-700 dark:text-sky-300',
  'text-emerald-700 dark:text-emerald-300',
  'text-violet-700 dark:text-violet-300',
  'text-amber-700 dark:text-amber-300',
  'text-pink-700 dark:text-pink-300',
  'text-teal-700 dark:text-teal-300',
];
function sourceHue(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return SOURCE_HUES[Math.abs(h) % SOURCE_HUES.length] as string;
}

/** Past this many characters a line is folded to its start. */
export const LONG_CHARS = 2000;

export type TLineRowProps = {
  row: TLineRow;
  utc: boolean;
  wrap: boolean;
  search: RegExp | null;
  currentMatch: boolean;
  target: boolean;
  showSource: boolean;
  expanded: boolean;
  onToggleExpand: (seq: number) => void;
  href: string | null;
  onLink: (row: TLineRow, event: MouseEvent<HTMLAnchorElement>) => void;
};

export const LineRow = memo(function LineRow({
  row,
  utc,
  wrap,
  search,
  currentMatch,
  target,
  showSource,
  expanded,
  onToggleExpand,
  href,
  onLink,
}: TLineRowProps) {
  const { line, level } = row;
  const time = formatLogTime(line.ts, utc);
  const isJson = looksLikeJson(row.plain);
  const pretty = expanded && isJson ? parseJsonLine(row.plain) : null;
  // A very long line shows its start until asked: scrolling past 64 KiB of text is no way to read a log.
  const folded = !expanded && !isJson && row.plain.length > LONG_CHARS;
  const source = line.host && line.container ? `${line.host}/${line.container}` : null;
  const tint = target
    ? 'bg-accent/15 ring-1 ring-inset ring-accent'
    : currentMatch
      ? 'bg-orange-50 dark:bg-orange-950/30'
      : level
        ? (LEVEL_ROW[level] ?? '')
        : '';
  return (
    <div
      className={`flex min-w-full gap-2 px-2 font-mono text-xs leading-5 ${wrap ? '' : 'w-max'} ${tint}`}
      data-testid="log-line"
      data-level={level ?? undefined}
      data-stream={line.stream}
      data-target={target || undefined}
    >
      <span className="shrink-0 tabular-nums text-muted select-none">
        {href ? (
          <a
            href={href}
            onClick={(e) => onLink(row, e)}
            className="hover:text-fg hover:underline"
            title={`${line.ts} — link to this line`}
          >
            {time.slice(5)}
          </a>
        ) : (
          <span title={line.ts}>{time.slice(5) || '—'}</span>
        )}
      </span>
      {showSource ? (
        <span
          className={`w-44 shrink-0 truncate ${source ? sourceHue(source) : 'text-muted'}`}
          title={source ?? undefined}
        >
          {source ?? '—'}
        </span>
      ) : null}
      <span
        className={`w-7 shrink-0 select-none ${line.stream === 'stderr' ? 'text-red-700 dark:text-red-400' : 'text-muted/60'}`}
        title={line.stream}
      >
        {line.stream === 'stderr' ? 'err' : 'out'}
      </span>
      <span className={`w-7 shrink-0 select-none font-semibold ${level ? LEVEL_TEXT[level] : ''}`}>
        {level ? LEVEL_LABEL[level] : ''}
      </span>
      <span className={`min-w-0 flex-1 ${wrap ? 'break-all whitespace-pre-wrap' : 'whitespace-pre'}`}>
        {isJson ? (
          <button
            type="button"
            onClick={() => onToggleExpand(row.seq)}
            aria-expanded={expanded}
            className="mr-1.5 rounded border border-line px-1 text-[10px] leading-4 text-muted hover:bg-raised hover:text-fg"
            title={expanded ? 'Show the line as it was written' : 'Pretty-print this JSON line'}
          >
            {expanded ? '{−}' : '{+}'}
          </button>
        ) : null}
        {pretty ? (
          <>
            {pretty.prefix ? <span className="text-muted">{pretty.prefix} </span> : null}
            <span className="block whitespace-pre-wrap break-all rounded bg-raised px-2 py-1">
              {pretty.pretty}
            </span>
          </>
        ) : (
          <AnsiText
            text={folded ? row.plain.slice(0, LONG_CHARS) : line.text}
            plain={folded ? row.plain.slice(0, LONG_CHARS) : row.plain}
            search={search}
            current={currentMatch}
          />
        )}
        {folded || (expanded && !isJson && row.plain.length > LONG_CHARS) ? (
          <button
            type="button"
            onClick={() => onToggleExpand(row.seq)}
            className="ml-2 rounded border border-line px-1 text-[10px] leading-4 text-muted hover:bg-raised hover:text-fg"
            data-testid="log-unfold"
          >
            {folded ? `… show all ${row.plain.length.toLocaleString('en-US')} characters` : 'show less'}
          </button>
        ) : null}
        {line.cut ? (
          <span className="ml-2 rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200">
            … {line.cut.toLocaleString('en-US')} bytes cut
          </span>
        ) : null}
      </span>
    </div>
  );
});

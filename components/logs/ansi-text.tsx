import { memo } from 'react';
import { ansiCss, hasAnsi, parseAnsi } from '@/lib/logs/ansi';
import { findRanges, markSegments } from '@/lib/logs/filter';

const MARK = 'rounded-sm bg-yellow-200 text-black dark:bg-yellow-500/70 dark:text-black';
const MARK_CURRENT = 'rounded-sm bg-orange-400 text-black outline outline-1 outline-orange-600';

/**
 * Log text with its ANSI colours as styled spans and the search's matches marked. Built as React
 * elements from parsed segments: whatever the text holds (`<script>`, HTML inside colour codes) stays
 * text.
 */
export const AnsiText = memo(function AnsiText({
  text,
  plain,
  search,
  current = false,
}: {
  /** The raw line, with escape sequences. */
  text: string;
  /** The line without escape sequences: what the search's positions refer to. */
  plain: string;
  search: RegExp | null;
  current?: boolean;
}) {
  const ranges = findRanges(plain, search);
  if (ranges.length === 0 && !hasAnsi(text)) return <>{plain}</>;
  const segments = markSegments(parseAnsi(text), ranges);
  return (
    <>
      {segments.map((s, i) => {
        const style = ansiCss(s.style);
        const key = `${i}`;
        if (s.mark)
          return (
            <mark
              key={key}
              // The mark's own colours win over the line's, so a match always reads.
              style={style ? { ...style, color: undefined, backgroundColor: undefined } : undefined}
              className={current ? MARK_CURRENT : MARK}
            >
              {s.text}
            </mark>
          );
        return style ? (
          <span key={key} style={style}>
            {s.text}
          </span>
        ) : (
          <span key={key}>{s.text}</span>
        );
      })}
    </>
  );
});

'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { type MouseEvent, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { TLineRow, TLogRow } from '@/lib/logs/buffer';
import { Button } from '../ui/button';
import { DroppedRow, OtherRow } from './log-banners';
import { LineRow } from './log-row';
import { countAfter, indexOfSeq } from './use-log-rows';

const ROW_PX = 20;
/** Within this of the bottom counts as at the bottom. */
const BOTTOM_SLACK_PX = 24;
/** A scroll this soon after a wheel, key or touch is the user's; others are layout. */
const INTENT_MS = 600;

export type TScrollRequest = { seq: number; nonce: number } | null;

export type TLogListProps = {
  rows: TLogRow[];
  stamp: number;
  dropped: number;
  cap: number;
  utc: boolean;
  wrap: boolean;
  search: RegExp | null;
  currentMatchSeq: number | null;
  targetSeq: number | null;
  showSource: boolean;
  expanded: ReadonlySet<number>;
  onToggleExpand: (seq: number) => void;
  hrefOf: (row: TLineRow) => string | null;
  onLink: (row: TLineRow, event: MouseEvent<HTMLAnchorElement>) => void;
  follow: boolean;
  onFollowChange: (follow: boolean) => void;
  /** The seq of the newest row when follow was paused, for the count of new lines. */
  pausedAtSeq: number;
  scrollRequest: TScrollRequest;
  /** A live stream: the button says "live"; for lines that are all there, "end". */
  live: boolean;
  empty: React.ReactNode;
};

/**
 * The log as a virtualized list: only the rows in view are in the page, so 100,000 lines scroll as
 * smoothly as 100. While following it stays at the bottom; scrolling up pauses that, and a button
 * says how many lines came since and jumps back to live.
 */
export function LogList(props: TLogListProps) {
  const { rows, stamp, dropped, follow, onFollowChange, scrollRequest } = props;
  const parentRef = useRef<HTMLDivElement>(null);
  const lead = dropped > 0 ? 1 : 0;
  const count = rows.length + lead;
  const rowAt = (i: number) => (i < lead ? null : (rows[i - lead] ?? null));

  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_PX,
    overscan: 15,
    getItemKey: (i) => (i < lead ? 'dropped' : (rows[i - lead]?.seq ?? i)),
  });

  // Following: after every batch, the bottom.
  // biome-ignore lint/correctness/useExhaustiveDependencies: stamp is the rows' change counter
  useLayoutEffect(() => {
    const el = parentRef.current;
    if (follow && el && count > 0) el.scrollTop = el.scrollHeight;
  }, [follow, stamp, count]);

  // Paused: keep the row at the top of the view in place when older rows are dropped above it.
  const anchor = useRef<{ seq: number; offset: number } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: stamp is the rows' change counter
  useLayoutEffect(() => {
    const a = anchor.current;
    if (follow || !a) return;
    const index = indexOfSeq(rows, a.seq);
    if (index < 0) return;
    const item = virtualizer.getOffsetForIndex(index + lead, 'start');
    if (!item) return;
    const want = item[0] + a.offset;
    const el = parentRef.current;
    if (el && Math.abs(el.scrollTop - want) > 2) el.scrollTop = want;
  }, [stamp]);

  const intent = useRef(0);
  const lastTop = useRef(0);
  const onIntent = useCallback(() => {
    intent.current = Date.now();
  }, []);
  const onScroll = () => {
    const el = parentRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < BOTTOM_SLACK_PX;
    const byUser = Date.now() - intent.current < INTENT_MS;
    if (byUser && !atBottom && el.scrollTop < lastTop.current && follow) onFollowChange(false);
    else if (byUser && atBottom && !follow) onFollowChange(true);
    lastTop.current = el.scrollTop;
    const first = virtualizer.getVirtualItems().find((v) => v.end > el.scrollTop);
    const row = first ? rowAt(first.index) : null;
    anchor.current = row && first ? { seq: row.seq, offset: el.scrollTop - first.start } : null;
  };

  // A request to show a row (a search match, a time, a linked line): centre it and stop following.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new request scrolls
  useEffect(() => {
    if (!scrollRequest) return;
    const index = indexOfSeq(rows, scrollRequest.seq);
    if (index < 0) return;
    onFollowChange(false);
    virtualizer.scrollToIndex(index + lead, { align: 'center' });
  }, [scrollRequest]);

  const newCount = follow ? 0 : countAfter(rows, props.pausedAtSeq);
  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={parentRef}
        onScroll={onScroll}
        onWheel={onIntent}
        onTouchMove={onIntent}
        onKeyDown={onIntent}
        onPointerDown={onIntent}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls with the keyboard once focused
        tabIndex={0}
        role="log"
        aria-label="Log lines"
        aria-live="off"
        className="h-full overflow-auto rounded-md border border-line bg-bg focus:outline-none focus-visible:ring-2 focus-visible:ring-accent"
        data-testid="log-scroller"
      >
        {count === 0 ? (
          <div className="p-4">{props.empty}</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '100%' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rowAt(v.index);
              return (
                <div
                  key={v.key}
                  data-index={v.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    minWidth: '100%',
                    transform: `translateY(${v.start}px)`,
                  }}
                  className={props.wrap ? 'w-full' : ''}
                >
                  {row === null ? (
                    <DroppedRow count={props.dropped} cap={props.cap} />
                  ) : row.kind === 'line' ? (
                    <LineRow
                      row={row}
                      utc={props.utc}
                      wrap={props.wrap}
                      search={props.search}
                      currentMatch={props.currentMatchSeq === row.seq}
                      target={props.targetSeq === row.seq}
                      showSource={props.showSource}
                      expanded={props.expanded.has(row.seq)}
                      onToggleExpand={props.onToggleExpand}
                      href={props.hrefOf(row)}
                      onLink={props.onLink}
                    />
                  ) : (
                    <OtherRow row={row} utc={props.utc} />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
      {follow ? null : (
        <Button
          variant="primary"
          size="sm"
          className="absolute right-5 bottom-3 shadow-md"
          onClick={() => onFollowChange(true)}
          data-testid="jump-to-live"
        >
          {props.live ? 'Jump to live' : 'Jump to the end'}
          {newCount > 0 ? ` (${newCount.toLocaleString('en-US')} new)` : ''}
        </Button>
      )}
    </div>
  );
}

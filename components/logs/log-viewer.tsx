'use client';

import { type MouseEvent, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import type { LogBuffer, TLineRow } from '@/lib/logs/buffer';
import { compilePattern, isFiltering, searchPattern, stepMatch, type TStreamFilter } from '@/lib/logs/filter';
import type { TLogLevel } from '@/lib/logs/levels';
import { firstAtOrAfter, tsKey } from '@/lib/logs/time';
import type { TStreamState } from '@/lib/queries/logs';
import { buttonClass } from '../ui/button';
import { LevelSelect, RegexInput, SearchInput, StreamSelect, Toggle } from './log-filters';
import { LogList, type TScrollRequest } from './log-list';
import { EmptyLog, StreamRefused, StreamStatus } from './log-status';
import { TimeJump } from './time-jump';
import { useFilteredRows, useSearchMatches } from './use-log-rows';
import { useViewSetting } from './use-view-settings';

export type TLogViewerProps = {
  buffer: LogBuffer;
  version: number;
  state: TStreamState;
  /** A live stream (follow, reconnect) rather than lines that are all there. */
  live: boolean;
  /** The start of the loaded range (a time key), null for the tail. */
  since: string | null;
  /** A line to open at and highlight (its timestamp), from a link. */
  at: string | null;
  /** Loads the log again from a time (null: the tail, live). */
  onLoadFrom: (since: string | null, keepOldest: boolean) => void;
  /** Where a line links to, and what clicking that link does besides. */
  lineHref: (row: TLineRow) => string | null;
  onLineLink?: (row: TLineRow) => void;
  downloadHref: ((since: string | null, stream: TStreamFilter) => string) | null;
  /** "Since the last release": its start as a time key, and what to call it. */
  lastRelease: { key: string; label: string } | null;
  onRetry: () => void;
  onResume: () => void;
  /** Merged lines carry host and container: show them in a column. */
  showSource: boolean;
  toolbarExtra?: ReactNode;
};

export function LogViewer(props: TLogViewerProps) {
  const { buffer, version, state, live } = props;
  const [utc, setUtc] = useViewSetting('utc', false);
  const [wrap, setWrap] = useViewSetting('wrap', true);
  const [search, setSearch] = useState('');
  const [pattern, setPattern] = useState('');
  const [stream, setStream] = useState<TStreamFilter>('all');
  const [level, setLevel] = useState<TLogLevel | null>(null);
  const [follow, setFollow] = useState(props.at === null);
  const [pausedAtSeq, setPausedAtSeq] = useState(0);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const [currentMatch, setCurrentMatch] = useState<number | null>(null);
  const [targetSeq, setTargetSeq] = useState<number | null>(null);
  const [scrollRequest, setScrollRequest] = useState<TScrollRequest>(null);
  /** A time to show once its lines are loaded: a linked line, or a jump that needed a reload. */
  const [pendingKey, setPendingKey] = useState<string | null>(props.at ? tsKey(props.at) : null);
  const searchRef = useRef<HTMLInputElement>(null);
  useSlashFocus(searchRef);

  const compiled = useMemo(() => compilePattern(pattern), [pattern]);
  const filter = useMemo(() => ({ regex: compiled.regex, stream, level }), [compiled.regex, stream, level]);
  const { rows, stamp } = useFilteredRows(buffer, version, filter);
  const searchRe = useMemo(() => searchPattern(search), [search]);
  const matches = useSearchMatches(rows, stamp, searchRe);

  const show = useCallback((seq: number, mark: boolean) => {
    if (mark) setTargetSeq(seq);
    setScrollRequest({ seq, nonce: Date.now() });
  }, []);

  const onFollowChange = useCallback(
    (next: boolean) => {
      if (!next) setPausedAtSeq(buffer.rows[buffer.rows.length - 1]?.seq ?? 0);
      else setTargetSeq(null);
      setFollow(next);
    },
    [buffer],
  );

  // A linked line or a jump after a reload: once a line at or after its time has arrived, show it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: stamp is the rows' change counter
  useEffect(() => {
    if (pendingKey === null || rows.length === 0) return;
    const index = firstAtOrAfter(rows, (r) => r.key, pendingKey);
    // Every line so far is older: a live stream may still bring it; otherwise show the newest.
    if (index >= rows.length && live && (state.status === 'live' || state.status === 'connecting')) return;
    const row = rows[Math.min(index, rows.length - 1)];
    if (!row) return;
    setPendingKey(null);
    show(row.seq, true);
  }, [pendingKey, stamp, state.status]);

  const jumpTo = (key: string) => {
    const loadedFrom = buffer.rows.find((r) => r.kind === 'line')?.key ?? null;
    if (loadedFrom !== null && key >= loadedFrom) {
      const index = firstAtOrAfter(rows, (r) => r.key, key);
      const row = rows[Math.min(index, rows.length - 1)];
      if (row) show(row.seq, true);
      return;
    }
    setFollow(false);
    setPendingKey(key);
    props.onLoadFrom(key, true);
  };

  const onStep = (direction: 1 | -1) => {
    const currentIndex = currentMatch === null ? null : rows.findIndex((r) => r.seq === currentMatch);
    const next =
      currentIndex === null || currentIndex < 0
        ? (matches[matches.length - 1] ?? null)
        : stepMatch(matches, currentIndex, direction);
    if (next === null) return;
    const row = rows[next];
    if (!row) return;
    setCurrentMatch(row.seq);
    show(row.seq, false);
  };
  const currentPos = currentMatch === null ? 0 : matches.findIndex((i) => rows[i]?.seq === currentMatch) + 1;

  const toggleExpand = useCallback((seq: number) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });
  }, []);

  const { lineHref, onLineLink } = props;
  const onLink = useCallback(
    (row: TLineRow, event: MouseEvent<HTMLAnchorElement>) => {
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      setTargetSeq(row.seq);
      onFollowChange(false);
      onLineLink?.(row);
      const href = lineHref(row);
      if (href) void navigator.clipboard?.writeText(new URL(href, window.location.href).href).catch(() => {});
    },
    [lineHref, onLineLink, onFollowChange],
  );

  const firstKey = buffer.rows.find((r) => r.kind === 'line')?.key ?? null;
  const lineTotal = buffer.received - buffer.dropped;
  const filtering = isFiltering(filter);
  const refused = state.status === 'failed';

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <SearchInput
          inputRef={searchRef}
          value={search}
          onChange={(v) => {
            setSearch(v);
            setCurrentMatch(null);
          }}
          onStep={onStep}
          matches={matches.length}
          current={currentPos}
        />
        <RegexInput value={pattern} onChange={setPattern} error={compiled.error} />
        <StreamSelect value={stream} onChange={setStream} />
        <LevelSelect value={level} onChange={setLevel} />
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <StreamStatus
          state={state}
          onResume={props.onResume}
          onGoLive={() => props.onLoadFrom(null, false)}
        />
        <span className="text-xs tabular-nums text-muted" data-testid="log-count">
          {lineTotal.toLocaleString('en-US')} lines
          {filtering
            ? ` · ${rows.filter((r) => r.kind === 'line').length.toLocaleString('en-US')} shown`
            : ''}
        </span>
        <span className="flex-1" />
        <Toggle pressed={wrap} onChange={setWrap} title="Wrap long lines">
          Wrap
        </Toggle>
        <Toggle pressed={utc} onChange={setUtc} title="Show times in UTC instead of this browser's zone">
          UTC
        </Toggle>
        <TimeJump utc={utc} onJump={jumpTo} />
        {live && props.lastRelease ? (
          <button
            type="button"
            className={buttonClass('secondary', 'sm')}
            onClick={() => props.onLoadFrom(props.lastRelease?.key ?? null, false)}
            title={`Load the log from ${props.lastRelease.label}`}
          >
            Since last release
          </button>
        ) : null}
        {live && props.since ? (
          <button
            type="button"
            className={buttonClass('secondary', 'sm')}
            onClick={() => props.onLoadFrom(null, false)}
            title="Back to the newest lines, live"
          >
            Latest
          </button>
        ) : null}
        {props.downloadHref && !refused ? (
          <a
            href={props.downloadHref(props.since ?? firstKey, stream)}
            download
            className={buttonClass('secondary', 'sm')}
            title="Download this range as text: every line from its start until now, not only the lines loaded here"
            data-testid="log-download"
          >
            Download
          </a>
        ) : null}
        {props.toolbarExtra}
      </div>
      {refused ? (
        <StreamRefused state={state} onRetry={props.onRetry} />
      ) : (
        <LogList
          rows={rows}
          stamp={stamp}
          dropped={buffer.dropped}
          cap={buffer.cap}
          utc={utc}
          wrap={wrap}
          search={searchRe}
          currentMatchSeq={currentMatch}
          targetSeq={targetSeq}
          showSource={props.showSource}
          expanded={expanded}
          onToggleExpand={toggleExpand}
          hrefOf={lineHref}
          onLink={onLink}
          follow={follow}
          onFollowChange={onFollowChange}
          pausedAtSeq={pausedAtSeq}
          scrollRequest={scrollRequest}
          live={live}
          empty={
            <EmptyLog state={state} filtered={filtering && buffer.rows.length > 0} since={props.since} />
          }
        />
      )}
    </div>
  );
}

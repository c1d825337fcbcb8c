'use client';

import { useMemo, useRef } from 'react';
import type { LogBuffer, TLogRow } from '@/lib/logs/buffer';
import { matchesSearch, passesFilter, type TLineFilter } from '@/lib/logs/filter';

const passes = (row: TLogRow, filter: TLineFilter) =>
  row.kind !== 'line' ||
  passesFilter({ stream: row.line.stream, plain: row.plain, level: row.level }, filter);

type Cache = {
  src: TLogRow[];
  filter: TLineFilter;
  structure: number;
  lastSeq: number;
  out: TLogRow[];
  stamp: number;
};

/**
 * The rows that pass the filter, kept up to date incrementally while lines stream in: new rows at the
 * end are filtered once, rows the buffer dropped at the front go, and only a new filter (or rows
 * inserted in the middle) filters everything again. `stamp` changes whenever `rows` does (the array
 * is updated in place, so 100,000 rows are not copied on every batch).
 */
export function useFilteredRows(buffer: LogBuffer, version: number, filter: TLineFilter) {
  const cache = useRef<Cache | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the buffer's change counter
  return useMemo(() => {
    const src = buffer.rows;
    const c = cache.current;
    if (!c || c.src !== src || c.filter !== filter || c.structure !== buffer.structure) {
      const out = src.filter((r) => passes(r, filter));
      cache.current = {
        src,
        filter,
        structure: buffer.structure,
        lastSeq: src.reduce((m, r) => Math.max(m, r.seq), 0),
        out,
        stamp: (c?.stamp ?? 0) + 1,
      };
      return { rows: out, stamp: cache.current.stamp };
    }
    const firstSeq = src[0]?.seq ?? Number.POSITIVE_INFINITY;
    let drop = 0;
    while (drop < c.out.length && (c.out[drop] as TLogRow).seq < firstSeq) drop++;
    if (drop > 0) c.out.splice(0, drop);
    let i = src.length;
    while (i > 0 && (src[i - 1] as TLogRow).seq > c.lastSeq) i--;
    for (; i < src.length; i++) {
      const row = src[i] as TLogRow;
      if (passes(row, filter)) c.out.push(row);
      if (row.seq > c.lastSeq) c.lastSeq = row.seq;
    }
    c.stamp++;
    return { rows: c.out, stamp: c.stamp };
  }, [buffer, version, filter]);
}

/** The indices of rows whose text matches the search, in order. */
export function useSearchMatches(rows: TLogRow[], stamp: number, pattern: RegExp | null): number[] {
  // biome-ignore lint/correctness/useExhaustiveDependencies: stamp is the rows' change counter
  return useMemo(() => {
    if (!pattern) return [];
    const out: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as TLogRow;
      if (row.kind === 'line' && matchesSearch(row.plain, pattern)) out.push(i);
    }
    return out;
  }, [rows, stamp, pattern]);
}

/** The index of the row with this sequence number (rows are in sequence order but for late markers). */
export function indexOfSeq(rows: TLogRow[], seq: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = (rows[mid] as TLogRow).seq;
    if (s === seq) return mid;
    if (s < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return rows.findIndex((r) => r.seq === seq);
}

/** How many rows came after the one with this sequence number. */
export function countAfter(rows: TLogRow[], seq: number): number {
  let n = 0;
  for (let i = rows.length - 1; i >= 0 && (rows[i] as TLogRow).seq > seq; i--) n++;
  return n;
}

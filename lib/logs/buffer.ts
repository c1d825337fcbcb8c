/**
 * The lines a viewer holds: appended in batches, capped (the oldest go first and are counted), with
 * markers and notices between them, and a resume after a dropped connection that never shows a line
 * twice. Each line's text without ANSI sequences and its level are worked out once, on arrival. Pure:
 * the browser wraps it in a hook, the tests drive it directly.
 */
import type { TLogLine, TLogMarker } from '@/lib/types/logs';
import { stripAnsi } from './ansi';
import { detectLevel, type TLogLevel } from './levels';
import { firstAtOrAfter, keyMinusMs, tsKey } from './time';

export const MAX_LINES = 100_000;

export type TLineRow = {
  kind: 'line';
  seq: number;
  key: string;
  line: TLogLine;
  plain: string;
  level: TLogLevel | null;
};
export type TMarkerRow = { kind: 'marker'; seq: number; key: string; marker: TLogMarker };
export type TSkippedRow = { kind: 'skipped'; seq: number; key: string; count: number };
export type TNoticeRow = {
  kind: 'notice';
  seq: number;
  key: string;
  tone: 'info' | 'warn' | 'bad';
  message: string;
};
export type TLogRow = TLineRow | TMarkerRow | TSkippedRow | TNoticeRow;

/** What makes a line the same line when a reconnect sends it again. */
function identity(line: TLogLine, key: string): string {
  return `${key}\u0000${line.stream}\u0000${line.host ?? ''}\u0000${line.container ?? ''}\u0000${line.text}`;
}

export function toLineRow(line: TLogLine, seq: number): TLineRow {
  const plain = stripAnsi(line.text);
  return { kind: 'line', seq, key: tsKey(line.ts), line, plain, level: detectLevel(plain) };
}

export class LogBuffer {
  readonly cap: number;
  /** Keep the oldest lines and refuse more once full (a window from a time), instead of dropping old ones. */
  keepOldest = false;
  /** With keepOldest: the cap was reached and lines were refused. */
  full = false;
  rows: TLogRow[] = [];
  /** Lines dropped from the front to keep within the cap. */
  dropped = 0;
  /** Lines that came in, duplicates of a resume excluded. */
  received = 0;
  /** Bumped on every change, for React to notice. */
  version = 0;
  /** Bumped when rows were inserted or removed other than at the ends, so a derived view starts over. */
  structure = 0;
  private seq = 0;
  private lastKey = '';
  /** During a resume: the lines already held at or after its `since`, by identity, with counts. */
  private resume: { seen: Map<string, number>; until: string } | null = null;

  constructor(cap = MAX_LINES) {
    this.cap = cap;
  }

  /** The newest line timestamp held (as a key), empty when none. */
  get newestKey(): string {
    return this.lastKey;
  }

  get lineCount(): number {
    return this.rows.length;
  }

  /** Adds lines in order; returns how many were new (not already held from before a reconnect). */
  append(lines: readonly TLogLine[]): number {
    let added = 0;
    for (const line of lines) {
      if (this.keepOldest && this.rows.length >= this.cap) {
        this.full = true;
        break;
      }
      const row = toLineRow(line, ++this.seq);
      if (this.resume) {
        if (row.key !== '' && row.key > this.resume.until) this.resume = null;
        else {
          const id = identity(line, row.key);
          const n = this.resume.seen.get(id) ?? 0;
          if (n > 0) {
            if (n === 1) this.resume.seen.delete(id);
            else this.resume.seen.set(id, n - 1);
            continue;
          }
        }
      }
      this.rows.push(row);
      if (row.key > this.lastKey) this.lastKey = row.key;
      added++;
    }
    this.received += added;
    if (added > 0) this.trim();
    if (added > 0) this.version++;
    return added;
  }

  /** A marker goes where its time is among the lines held (they may have come before it). */
  marker(marker: TLogMarker): void {
    const row: TMarkerRow = { kind: 'marker', seq: ++this.seq, key: tsKey(marker.ts), marker };
    if (row.key === '' || row.key >= this.lastKey) {
      this.push(row);
      return;
    }
    const at = firstAtOrAfter(this.rows, (r) => r.key, row.key);
    // After the lines of the same time, before the first later one.
    let i = at;
    while (i < this.rows.length && (this.rows[i] as TLogRow).key === row.key) i++;
    this.rows.splice(i, 0, row);
    this.structure++;
    this.trim();
    this.version++;
  }

  skipped(count: number): void {
    this.push({ kind: 'skipped', seq: ++this.seq, key: this.lastKey, count });
  }

  notice(message: string, tone: TNoticeRow['tone'] = 'info'): void {
    this.push({ kind: 'notice', seq: ++this.seq, key: this.lastKey, tone, message });
  }

  private push(row: TLogRow): void {
    this.rows.push(row);
    this.trim();
    this.version++;
  }

  private trim(): void {
    const over = this.rows.length - this.cap;
    if (over <= 0 || this.keepOldest) return;
    // Drop a little more than needed so a steady stream does not shift the array on every batch.
    const drop = Math.min(this.rows.length, over + Math.floor(this.cap / 100));
    for (let i = 0; i < drop; i++) if (this.rows[i]?.kind === 'line') this.dropped++;
    this.rows.splice(0, drop);
  }

  /**
   * Prepares to reconnect: the `since` to ask from (the newest line held, less an overlap window for a
   * merged stream whose sources may lag each other), after which lines already held are skipped once
   * each. Null when nothing is held yet (ask for the tail again).
   */
  beginResume(overlapMs: number): string | null {
    if (!this.lastKey) return null;
    const since = keyMinusMs(this.lastKey, overlapMs);
    const seen = new Map<string, number>();
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const row = this.rows[i] as TLogRow;
      if (row.kind !== 'line' || row.key === '') continue;
      if (row.key < since) {
        // Rows are in time order but for small reorderings: look a little further, then stop.
        if (keyMinusMs(since, 5_000) > row.key) break;
        continue;
      }
      const id = identity(row.line, row.key);
      seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    this.resume = { seen, until: this.lastKey };
    return since;
  }

  clear(keepOldest = this.keepOldest): void {
    this.keepOldest = keepOldest;
    this.full = false;
    this.rows = [];
    this.dropped = 0;
    this.received = 0;
    this.lastKey = '';
    this.resume = null;
    this.version++;
  }
}

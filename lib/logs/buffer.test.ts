import { describe, expect, it } from 'vitest';
import type { TLogLine } from '@/lib/types/logs';
import { LogBuffer } from './buffer';

const at = (n: number) => `2026-11-26T03:00:${String(Math.floor(n / 10)).padStart(2, '0')}.${n % 10}Z`;
const line = (n: number, extra: Partial<TLogLine> = {}): TLogLine => ({
  ts: at(n),
  stream: 'stdout',
  text: `line ${n}`,
  ...extra,
});
const texts = (b: LogBuffer) => b.rows.map((r) => (r.kind === 'line' ? r.line.text : r.kind));

describe('LogBuffer', () => {
  it('works out plain text and level once, on arrival', () => {
    const b = new LogBuffer();
    b.append([{ ts: at(1), stream: 'stderr', text: '\u001b[31mERROR\u001b[0m boom' }]);
    const row = b.rows[0];
    expect(row?.kind === 'line' && row.plain).toBe('ERROR boom');
    expect(row?.kind === 'line' && row.level).toBe('error');
    expect(b.newestKey).toBe('2026-11-26T03:00:00.100000000Z');
  });

  it('keeps at most the cap and counts the lines it dropped', () => {
    const b = new LogBuffer(1000);
    for (let i = 0; i < 25; i++) b.append(Array.from({ length: 100 }, (_, j) => line(i * 100 + j)));
    expect(b.rows.length).toBeLessThanOrEqual(1000);
    expect(b.dropped + b.rows.length).toBe(2500);
    expect(texts(b).at(-1)).toBe('line 2499');
    expect(b.received).toBe(2500);
  });

  it('resumes after a drop without showing a line twice', () => {
    const b = new LogBuffer();
    b.append([line(1), line(2), line(3)]);
    const since = b.beginResume(0);
    expect(since).toBe('2026-11-26T03:00:00.300000000Z');
    // The server sends from `since`, which includes the last line held.
    expect(b.append([line(3), line(4), line(5)])).toBe(2);
    expect(texts(b)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
  });

  it('resumes a merged stream with an overlap window, keeping new lines of a lagging source', () => {
    const b = new LogBuffer();
    b.append([line(10, { container: 'a' }), line(12, { container: 'b' }), line(15, { container: 'a' })]);
    const since = b.beginResume(1000);
    expect(since).toBe('2026-11-26T03:00:00.500000000Z');
    // b's line 14 was not held before the drop: it is kept; the others are not repeated.
    b.append([
      line(10, { container: 'a' }),
      line(12, { container: 'b' }),
      line(14, { container: 'b' }),
      line(15, { container: 'a' }),
      line(16, { container: 'a' }),
    ]);
    expect(texts(b)).toEqual(['line 10', 'line 12', 'line 15', 'line 14', 'line 16']);
  });

  it('keeps two identical lines at the same time when both are new', () => {
    const b = new LogBuffer();
    b.append([line(1), line(1)]);
    b.beginResume(0);
    b.append([line(1), line(1), line(1)]);
    expect(texts(b)).toEqual(['line 1', 'line 1', 'line 1']);
  });

  it('has nothing to resume from when empty', () => {
    expect(new LogBuffer().beginResume(1000)).toBeNull();
  });

  it('puts markers, skipped counts and notices between lines', () => {
    const b = new LogBuffer();
    b.append([line(1)]);
    b.marker({ ts: at(2), kind: 'die', message: 'exited', exitCode: 3 });
    b.skipped(42);
    b.notice('reconnected', 'warn');
    expect(texts(b)).toEqual(['line 1', 'marker', 'skipped', 'notice']);
    const v = b.version;
    b.clear();
    expect(b.rows).toEqual([]);
    expect(b.version).toBeGreaterThan(v);
  });
});

describe('LogBuffer windows and markers', () => {
  it('keeps the oldest lines of a window from a time and says it is full', () => {
    const b = new LogBuffer(10);
    b.clear(true);
    expect(b.append(Array.from({ length: 15 }, (_, i) => line(i)))).toBe(10);
    expect(b.full).toBe(true);
    expect(texts(b)[0]).toBe('line 0');
    expect(b.dropped).toBe(0);
  });

  it('puts a marker that comes late where its time is', () => {
    const b = new LogBuffer();
    b.append([line(1), line(3), line(5)]);
    const structure = b.structure;
    b.marker({ ts: at(3), kind: 'release', message: 'release 4 deployed' });
    b.marker({ ts: at(9), kind: 'die', message: 'exited', exitCode: 1 });
    expect(texts(b)).toEqual(['line 1', 'line 3', 'marker', 'line 5', 'marker']);
    expect(b.structure).toBe(structure + 1);
  });
});

import { describe, expect, it } from 'vitest';
import type { TLogLine } from '@/lib/types/logs';
import { ReorderWindow, SourceMerge, secondsKey, sortByTime, tsKey } from './merge';

const line = (ts: string, text: string, container = 'c'): TLogLine => ({
  ts,
  stream: 'stdout',
  text,
  container,
});

describe('tsKey', () => {
  it('sorts Docker timestamps with trimmed fractions as times', () => {
    const times = [
      '2026-11-26T04:00:00.1Z',
      '2026-11-26T04:00:00.099999999Z',
      '2026-11-26T04:00:00Z',
      '2026-11-26T04:00:00.10000001Z',
      '2026-11-26T05:00:00.000000001+01:00',
    ];
    const sorted = [...times].sort((a, b) => (tsKey(a) < tsKey(b) ? -1 : 1));
    expect(sorted).toEqual([
      '2026-11-26T04:00:00Z',
      '2026-11-26T05:00:00.000000001+01:00',
      '2026-11-26T04:00:00.099999999Z',
      '2026-11-26T04:00:00.1Z',
      '2026-11-26T04:00:00.10000001Z',
    ]);
  });

  it('puts a line without a time first, and keys Unix seconds the same way', () => {
    expect(tsKey('')).toBe('');
    expect(secondsKey(Date.parse('2026-11-26T04:00:00.25Z') / 1000)).toBe(tsKey('2026-11-26T04:00:00.25Z'));
  });
});

describe('sortByTime', () => {
  it('orders lines of several sources and keeps the given order of equal times', () => {
    const lines = [
      line('2026-11-26T04:00:02Z', 'a2', 'a'),
      line('2026-11-26T04:00:01Z', 'b1', 'b'),
      line('2026-11-26T04:00:01Z', 'a1', 'a'),
      line('2026-11-26T04:00:00.5Z', 'c0', 'c'),
    ];
    expect(sortByTime(lines).map((l) => l.text)).toEqual(['c0', 'b1', 'a1', 'a2']);
  });
});

describe('SourceMerge', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 26, 4, 0, 0) + s).toISOString();

  it('merges sources exactly whatever the order their lines arrive in', () => {
    const a = [0, 3, 4, 9].map((s) => line(at(s), `a${s}`, 'a'));
    const b = [1, 2, 5, 6, 7].map((s) => line(at(s), `b${s}`, 'b'));
    const c = [8].map((s) => line(at(s), `c${s}`, 'c'));
    for (let trial = 0; trial < 50; trial++) {
      const out: string[] = [];
      const merge = new SourceMerge(3, (l) => out.push(l.text));
      const queues = [[...a], [...b], [...c]];
      // A random interleaving of the sources' pushes and ends.
      let left = 3;
      let seed = trial + 1;
      while (left > 0) {
        seed = (seed * 48271) % 2147483647;
        const i = seed % 3;
        const q = queues[i] as TLogLine[];
        const next = q.shift();
        if (next) merge.push(i, next);
        else if (q.length === 0 && !(queues[i] as TLogLine[] & { ended?: boolean }).ended) {
          (queues[i] as TLogLine[] & { ended?: boolean }).ended = true;
          merge.end(i);
          left--;
        }
      }
      expect(out).toEqual(['a0', 'b1', 'b2', 'a3', 'a4', 'b5', 'b6', 'b7', 'c8', 'a9']);
      expect(merge.done).toBe(true);
    }
  });

  it('holds lines until every open source has one waiting, and says how many a source holds', () => {
    const out: string[] = [];
    const merge = new SourceMerge(2, (l) => out.push(l.text));
    merge.push(0, line(at(1), 'a1'));
    merge.push(0, line(at(2), 'a2'));
    expect(out).toEqual([]);
    expect(merge.waiting(0)).toBe(2);
    merge.push(1, line(at(0), 'b0'));
    expect(out).toEqual(['b0']);
    merge.end(1);
    expect(out).toEqual(['b0', 'a1', 'a2']);
    expect(merge.waiting(0)).toBe(0);
    expect(merge.done).toBe(false);
    merge.end(0);
    expect(merge.done).toBe(true);
  });

  it('ends at once with no sources', () => {
    expect(new SourceMerge(0, () => undefined).done).toBe(true);
  });
});

describe('ReorderWindow', () => {
  const at = (ms: number) => new Date(Date.UTC(2026, 10, 26, 4, 0, 0) + ms).toISOString();

  it('holds live lines for the window and lets them out in time order', () => {
    const w = new ReorderWindow(250);
    w.push(line(at(100), 'a100', 'a'), 1000);
    w.push(line(at(50), 'b50', 'b'), 1100);
    w.push(line(at(300), 'a300', 'a'), 1200);
    expect(w.drain(1200)).toEqual([]);
    // a100 is due; b50 is earlier, so it goes out with it though it arrived later.
    expect(w.drain(1250).map((l) => l.text)).toEqual(['b50', 'a100']);
    expect(w.drain(1350)).toEqual([]);
    expect(w.drain(1450).map((l) => l.text)).toEqual(['a300']);
    expect(w.size).toBe(0);
  });

  it('lets a line that came later than the window out late rather than never', () => {
    const w = new ReorderWindow(250);
    w.push(line(at(500), 'a500'), 0);
    expect(w.drain(300).map((l) => l.text)).toEqual(['a500']);
    w.push(line(at(100), 'b100'), 400);
    expect(w.drain(700).map((l) => l.text)).toEqual(['b100']);
  });

  it('flushes what it holds in order', () => {
    const w = new ReorderWindow(250);
    for (const ms of [5, 3, 9, 1]) w.push(line(at(ms), `x${ms}`), 0);
    expect(w.flush().map((l) => l.text)).toEqual(['x1', 'x3', 'x5', 'x9']);
    expect(w.drain(10_000)).toEqual([]);
  });

  it('keeps a long run in order across many drains', () => {
    const w = new ReorderWindow(250);
    const out: TLogLine[] = [];
    for (let i = 0; i < 5000; i++) {
      // Two sources whose lines arrive up to 100 ms out of step.
      w.push(line(at(i * 2), `a${i}`, 'a'), i * 2 + 100);
      w.push(line(at(i * 2 + 1), `b${i}`, 'b'), i * 2 + 1);
      out.push(...w.drain(i * 2));
    }
    out.push(...w.flush());
    expect(out).toHaveLength(10_000);
    const keys = out.map((l) => tsKey(l.ts));
    expect(keys).toEqual([...keys].sort());
  });
});

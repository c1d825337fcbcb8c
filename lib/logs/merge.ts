/**
 * Merging the logs of several containers into one stream ordered by time. Pure.
 *
 * Docker's timestamps are RFC 3339 with up to nine fraction digits and trailing zeros trimmed, so they
 * do not sort as strings; `tsKey` turns one into a key that does.
 */
import type { TLogLine } from '@/lib/types/logs';

const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** A key that sorts as the time does: 13 digits of Unix seconds and 9 of nanoseconds; '' for no time. */
export function tsKey(ts: string): string {
  if (!ts) return '';
  const m = RFC3339.exec(ts);
  if (!m) {
    const ms = Date.parse(ts);
    return Number.isFinite(ms) ? keyOf(Math.floor(ms / 1000), (ms % 1000) * 1e6) : '';
  }
  const seconds = Date.parse(`${m[1]}${m[3]}`) / 1000;
  return keyOf(seconds, Number((m[2] ?? '').padEnd(9, '0')));
}

function keyOf(seconds: number, nanos: number): string {
  return `${String(seconds).padStart(13, '0')}.${String(nanos).padStart(9, '0')}`;
}

/** The key of a time in Unix seconds (what the Engine API takes), to the millisecond. */
export function secondsKey(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  return keyOf(Math.floor(ms / 1000), (ms % 1000) * 1e6);
}

/** Lines of any sources in time order; lines of equal time keep the order they were given in. */
export function sortByTime(lines: readonly TLogLine[]): TLogLine[] {
  return lines
    .map((line, i) => ({ line, i, key: tsKey(line.ts) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .map((x) => x.line);
}

type Entry = { line: TLogLine; key: string; seq: number; at: number; out: boolean };

const before = (a: Entry, b: Entry) => a.key < b.key || (a.key === b.key && a.seq < b.seq);

/** A binary min-heap of entries by time, then arrival. */
class EntryHeap {
  private readonly items: Entry[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Entry | undefined {
    return this.items[0];
  }

  push(e: Entry): void {
    const a = this.items;
    a.push(e);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i] as Entry, a[p] as Entry)) break;
      [a[i], a[p]] = [a[p] as Entry, a[i] as Entry];
      i = p;
    }
  }

  pop(): Entry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l] as Entry, a[m] as Entry)) m = l;
        if (r < a.length && before(a[r] as Entry, a[m] as Entry)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as Entry, a[i] as Entry];
        i = m;
      }
    }
    return top;
  }
}

/**
 * The reordering window of live lines from several sources: each line is held `windowMs` after it
 * arrives, and lines go out in time order. When a held line is due, every held line up to its time goes
 * out with it, so the output is in order unless a line arrives more than the window after a later one
 * (it then goes out late rather than never).
 */
export class ReorderWindow {
  private readonly heap = new EntryHeap();
  private readonly arrivals: Entry[] = [];
  private head = 0;
  private seq = 0;

  constructor(private readonly windowMs = 250) {}

  get size(): number {
    return this.heap.size;
  }

  push(line: TLogLine, now: number): void {
    const e: Entry = { line, key: tsKey(line.ts), seq: this.seq++, at: now, out: false };
    this.heap.push(e);
    this.arrivals.push(e);
  }

  /** The lines due at `now`, in time order. */
  drain(now: number): TLogLine[] {
    let upTo: string | null = null;
    let lastSeq = -1;
    while (this.head < this.arrivals.length) {
      const e = this.arrivals[this.head] as Entry;
      if (!e.out && e.at > now - this.windowMs) break;
      this.head++;
      if (e.out) continue;
      if (upTo === null || e.key > upTo || (e.key === upTo && e.seq > lastSeq)) {
        upTo = e.key;
        lastSeq = e.seq;
      }
    }
    this.compact();
    if (upTo === null) return [];
    const out: TLogLine[] = [];
    for (let top = this.heap.peek(); top; top = this.heap.peek()) {
      if (top.key > upTo || (top.key === upTo && top.seq > lastSeq)) break;
      this.heap.pop();
      top.out = true;
      out.push(top.line);
    }
    return out;
  }

  /** Every held line, in time order. */
  flush(): TLogLine[] {
    const out: TLogLine[] = [];
    for (let e = this.heap.pop(); e; e = this.heap.pop()) out.push(e.line);
    this.arrivals.length = 0;
    this.head = 0;
    return out;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.arrivals.length) {
      this.arrivals.splice(0, this.head);
      this.head = 0;
    }
  }
}

/**
 * An exact merge of several sources whose lines each come in time order (a k-way merge): a line goes
 * out once every source that has not ended has a line waiting, so the output is in time order whatever
 * the sources' speeds. `waiting(i)` tells how many lines a source holds, for pausing a fast one.
 */
export class SourceMerge {
  private readonly queues: { lines: Entry[]; head: number; ended: boolean }[];
  private readonly heap = new EntryHeap();
  private readonly sourceOf = new Map<Entry, number>();
  /** Sources whose next line is in the heap. */
  private readonly heads = new Set<number>();
  private seq = 0;
  private open: number;

  constructor(
    sources: number,
    private readonly emit: (line: TLogLine, source: number) => void,
  ) {
    this.queues = Array.from({ length: sources }, () => ({ lines: [], head: 0, ended: false }));
    this.open = sources;
  }

  /** Whether every source has ended and every line has gone out. */
  get done(): boolean {
    return this.open === 0 && this.heap.size === 0;
  }

  waiting(source: number): number {
    const q = this.queues[source];
    return q ? q.lines.length - q.head + (this.inHeap(source) ? 1 : 0) : 0;
  }

  push(source: number, line: TLogLine): void {
    const q = this.queues[source];
    if (!q || q.ended) return;
    const e: Entry = { line, key: tsKey(line.ts), seq: this.seq++, at: 0, out: false };
    if (this.inHeap(source)) q.lines.push(e);
    else this.enter(source, e);
    this.run();
  }

  end(source: number): void {
    const q = this.queues[source];
    if (!q || q.ended) return;
    q.ended = true;
    this.open--;
    this.run();
  }

  private inHeap(source: number): boolean {
    return this.heads.has(source);
  }

  private enter(source: number, e: Entry): void {
    this.heads.add(source);
    this.sourceOf.set(e, source);
    this.heap.push(e);
  }

  /** Emits while the smallest head is known to be the smallest line still to come. */
  private run(): void {
    for (;;) {
      const top = this.heap.peek();
      if (!top) return;
      // Every open source must have a head in the heap, or its next line might come before `top`.
      for (let i = 0; i < this.queues.length; i++) {
        const q = this.queues[i] as (typeof this.queues)[number];
        if (!q.ended && !this.heads.has(i)) return;
      }
      this.heap.pop();
      const source = this.sourceOf.get(top) as number;
      this.sourceOf.delete(top);
      this.heads.delete(source);
      const q = this.queues[source] as (typeof this.queues)[number];
      const next = q.lines[q.head];
      if (next) {
        q.head++;
        if (q.head > 1024 && q.head * 2 > q.lines.length) {
          q.lines.splice(0, q.head);
          q.head = 0;
        }
        this.enter(source, next);
      }
      this.emit(top.line, source);
    }
  }
}

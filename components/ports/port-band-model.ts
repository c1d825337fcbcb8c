/**
 * The maths of the port picture: the ranges of the port space, the view (a zoomed range), the scale
 * from port to pixel, tick marks, and the clustering that keeps dense ports clickable. Pure.
 */
import type { TPortClaim, TPortProto } from '@/lib/types/ports';

export const PORT_MIN = 1;
export const PORT_MAX = 65_535;
/** The narrowest view: zooming further would only spread a handful of ports across the band. */
export const MIN_SPAN = 20;

export type PortRange = { from: number; to: number };
export type BandKind = 'well-known' | 'registered' | 'ephemeral' | 'dynamic';
export type BandSegment = PortRange & { kind: BandKind };

export const FULL_RANGE: PortRange = { from: PORT_MIN, to: PORT_MAX };
export const WELL_KNOWN: PortRange = { from: 1, to: 1023 };
export const REGISTERED: PortRange = { from: 1024, to: 49_151 };

export const BAND_LABEL: Record<BandKind, string> = {
  'well-known': 'Well-known',
  registered: 'Registered',
  ephemeral: 'Ephemeral',
  dynamic: 'Dynamic',
};

export const BAND_HELP: Record<BandKind, string> = {
  'well-known': 'Ports 1–1023: system services (ssh, http, dns); binding them needs privileges.',
  registered: 'Ports 1024–49151: where planned services belong.',
  ephemeral: 'The engine’s ephemeral range: random host ports (-P, or an empty host port) come from here.',
  dynamic: 'Ports 49152–65535 outside the engine’s ephemeral range.',
};

function clampPort(p: number): number {
  return Math.min(PORT_MAX, Math.max(PORT_MIN, Math.round(p)));
}

/**
 * The port space split into contiguous segments: well-known, registered, the engine's ephemeral
 * range (which on Linux sits inside the registered and dynamic ranges), and what is left above 49151.
 */
export function bandSegments(ephemeral: PortRange): BandSegment[] {
  const eph = { from: clampPort(ephemeral.from), to: clampPort(ephemeral.to) };
  const valid = eph.from <= eph.to;
  const cuts = new Set([PORT_MIN, REGISTERED.from, REGISTERED.to + 1, PORT_MAX + 1]);
  if (valid) {
    cuts.add(eph.from);
    cuts.add(eph.to + 1);
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const kindAt = (p: number): BandKind =>
    valid && p >= eph.from && p <= eph.to
      ? 'ephemeral'
      : p < REGISTERED.from
        ? 'well-known'
        : p <= REGISTERED.to
          ? 'registered'
          : 'dynamic';
  const out: BandSegment[] = [];
  for (let i = 0; i < sorted.length - 1; i++) {
    const from = sorted[i] as number;
    const to = (sorted[i + 1] as number) - 1;
    const kind = kindAt(from);
    const last = out[out.length - 1];
    if (last && last.kind === kind && last.to + 1 === from) last.to = to;
    else out.push({ kind, from, to });
  }
  return out;
}

/** A view within the port space, the right way round and at least MIN_SPAN ports wide. */
export function clampRange(range: PortRange): PortRange {
  let from = clampPort(Math.min(range.from, range.to));
  let to = clampPort(Math.max(range.from, range.to));
  if (to - from + 1 < MIN_SPAN) {
    const mid = (from + to) / 2;
    from = Math.round(mid - MIN_SPAN / 2);
    to = from + MIN_SPAN - 1;
    if (from < PORT_MIN) [from, to] = [PORT_MIN, PORT_MIN + MIN_SPAN - 1];
    if (to > PORT_MAX) [from, to] = [PORT_MAX - MIN_SPAN + 1, PORT_MAX];
  }
  return { from, to };
}

export function spanOf(view: PortRange): number {
  return view.to - view.from + 1;
}

/** The pixel at the middle of a port's slot. */
export function xOf(port: number, view: PortRange, width: number): number {
  return ((port - view.from + 0.5) / spanOf(view)) * width;
}

/** The port under a pixel. */
export function portAt(x: number, view: PortRange, width: number): number {
  const p = view.from + Math.floor((Math.max(0, Math.min(width, x)) / width) * spanOf(view));
  return Math.min(view.to, Math.max(view.from, p));
}

/** Zooms by `factor` (below 1: in) keeping `center` at the same place on the band. */
export function zoomAround(view: PortRange, center: number, factor: number): PortRange {
  const span = Math.max(MIN_SPAN, Math.min(PORT_MAX, Math.round(spanOf(view) * factor)));
  const share = (center - view.from) / spanOf(view);
  let from = Math.round(center - share * span);
  from = Math.max(PORT_MIN, Math.min(PORT_MAX - span + 1, from));
  return clampRange({ from, to: from + span - 1 });
}

/** A view centred on one port, `span` ports wide. */
export function viewAround(port: number, span = 40): PortRange {
  const from = Math.max(PORT_MIN, Math.min(PORT_MAX - span + 1, Math.round(port - span / 2)));
  return clampRange({ from, to: from + span - 1 });
}

export function contains(view: PortRange, port: number): boolean {
  return port >= view.from && port <= view.to;
}

/** Round tick positions (1, 2 or 5 times a power of ten apart), at most `max` of them. */
export function ticks(view: PortRange, max = 8): number[] {
  const raw = spanOf(view) / Math.max(1, max);
  const power = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? power * 10;
  const out: number[] = [];
  for (let t = Math.ceil(view.from / step) * step; t <= view.to; t += step) out.push(t);
  return out;
}

/** Rows of the picture: each state on its own lane, and the suggested free ports below. */
export const LANES = ['bound', 'claimed', 'reserved', 'free'] as const;
export type Lane = (typeof LANES)[number];

export type PortPoint = { port: number; proto: TPortProto; lane: Lane; claims: TPortClaim[] };

export function portKey(port: number, proto: TPortProto): string {
  return `${port}/${proto}`;
}

/** One point per lane, port and protocol: `0.0.0.0` and `::` of one `-p` are one mark. */
export function pointsOf(
  claims: readonly TPortClaim[],
  free: readonly { port: number; proto: TPortProto }[] = [],
): PortPoint[] {
  const byKey = new Map<string, PortPoint>();
  for (const c of claims) {
    const key = `${c.state}:${portKey(c.port, c.proto)}`;
    const point = byKey.get(key);
    if (point) point.claims.push(c);
    else byKey.set(key, { port: c.port, proto: c.proto, lane: c.state, claims: [c] });
  }
  for (const f of free) {
    const key = `free:${portKey(f.port, f.proto)}`;
    if (!byKey.has(key)) byKey.set(key, { port: f.port, proto: f.proto, lane: 'free', claims: [] });
  }
  return [...byKey.values()].sort((a, b) => a.port - b.port || a.proto.localeCompare(b.proto));
}

export type Cluster = {
  id: string;
  lane: Lane;
  from: number;
  to: number;
  /** Where the mark is drawn: the middle of its first and last port. */
  x: number;
  points: PortPoint[];
  /** How many distinct ports it stands for. */
  ports: number;
};

/**
 * Groups each lane's points in view so that no two marks are closer than `gap` pixels: a cluster
 * starts at a point and takes every later point within `gap` pixels of that start.
 */
export function clusterPoints(
  points: readonly PortPoint[],
  view: PortRange,
  width: number,
  gap: number,
): Cluster[] {
  const out: Cluster[] = [];
  for (const lane of LANES) {
    let current: { startX: number; points: PortPoint[] } | null = null;
    const flush = () => {
      if (!current) return;
      const first = current.points[0] as PortPoint;
      const last = current.points[current.points.length - 1] as PortPoint;
      out.push({
        id: `${lane}:${first.port}-${last.port}`,
        lane,
        from: first.port,
        to: last.port,
        x: (xOf(first.port, view, width) + xOf(last.port, view, width)) / 2,
        points: current.points,
        ports: new Set(current.points.map((p) => p.port)).size,
      });
    };
    for (const p of points) {
      if (p.lane !== lane || !contains(view, p.port)) continue;
      const x = xOf(p.port, view, width);
      if (current && x - current.startX < gap) current.points.push(p);
      else {
        flush();
        current = { startX: x, points: [p] };
      }
    }
    flush();
  }
  return out;
}

/** Whether any point of a cluster is in a set of `port/proto` keys (conflicts) or of ports (search hits). */
export function clusterHas(cluster: Cluster, keys: ReadonlySet<string>, ports: ReadonlySet<number>): boolean {
  return cluster.points.some((p) => keys.has(portKey(p.port, p.proto)) || ports.has(p.port));
}

export function formatRange(range: PortRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}–${range.to}`;
}

/** Parses the from–to inputs; the reason, as text, when they are not two ports. */
export function parseRange(from: string, to: string): PortRange | string {
  const a = Number(from.trim());
  const b = Number(to.trim());
  const ok = (n: number) => Number.isInteger(n) && n >= PORT_MIN && n <= PORT_MAX;
  if (!from.trim() || !to.trim() || !ok(a) || !ok(b)) return 'Give two ports from 1 to 65535';
  if (a > b) return 'The first port must not be above the second';
  return clampRange({ from: a, to: b });
}

/** A chosen stretch of one lane: a mark, or the ports a search or a list pointed at. */
export type Selection = { lane: Lane; from: number; to: number };

export function isSelected(c: Cluster, s: Selection | null): boolean {
  return s !== null && s.lane === c.lane && c.from <= s.to && c.to >= s.from;
}

/**
 * The mark a key moves to: Left and Right along the lane, Home and End to its ends, Up and Down to the
 * nearest mark of the next lane that has any.
 */
export function nextMark(clusters: readonly Cluster[], from: Cluster, key: string): Cluster | undefined {
  const lane = clusters.filter((c) => c.lane === from.lane);
  const at = lane.indexOf(from);
  if (key === 'ArrowRight') return lane[at + 1];
  if (key === 'ArrowLeft') return lane[at - 1];
  if (key === 'Home') return lane[0];
  if (key === 'End') return lane[lane.length - 1];
  if (key !== 'ArrowDown' && key !== 'ArrowUp') return undefined;
  const laneAt = LANES.indexOf(from.lane);
  const order = key === 'ArrowDown' ? LANES.slice(laneAt + 1) : LANES.slice(0, laneAt).reverse();
  for (const other of order) {
    const candidates = clusters.filter((c) => c.lane === other);
    if (candidates.length === 0) continue;
    return candidates.reduce((best, c) => (Math.abs(c.x - from.x) < Math.abs(best.x - from.x) ? c : best));
  }
  return undefined;
}

import { holderLabel } from './claims-model';
import type { BandKind, Cluster, Lane } from './port-band-model';

export const LANE_LABEL: Record<Lane, string> = {
  bound: 'Bound',
  claimed: 'Claimed',
  reserved: 'Reserved',
  free: 'Suggested',
};

export const LANE_HELP: Record<Lane, string> = {
  bound: 'a running container holds the port now',
  claimed: 'a stopped container takes it when it starts, or a service spec asks for it',
  reserved: 'reserved in Wharf for a planned service',
  free: 'free ports Wharf suggested',
};

/** Fill of each lane's marks; the suggested ones are hollow. */
export const LANE_STYLE: Record<Lane, string> = {
  bound: 'fill-emerald-600 dark:fill-emerald-400',
  claimed: 'fill-amber-500 dark:fill-amber-400',
  reserved: 'fill-violet-600 dark:fill-violet-400',
  free: 'fill-sky-100 stroke-sky-600 dark:fill-sky-950 dark:stroke-sky-400',
};

/** The same colours as a swatch in the legend. */
export const LANE_SWATCH: Record<Lane, string> = {
  bound: 'bg-emerald-600 dark:bg-emerald-400',
  claimed: 'bg-amber-500 dark:bg-amber-400',
  reserved: 'bg-violet-600 dark:bg-violet-400',
  free: 'bg-sky-100 border border-sky-600 dark:bg-sky-950 dark:border-sky-400',
};

export const SEGMENT_FILL: Record<BandKind, string> = {
  'well-known': 'fill-rose-100 dark:fill-rose-950/70',
  registered: 'fill-slate-100 dark:fill-slate-800/70',
  ephemeral: 'fill-sky-100 dark:fill-sky-950/70',
  dynamic: 'fill-zinc-200 dark:fill-zinc-800',
};

export const SEGMENT_SWATCH: Record<BandKind, string> = {
  'well-known': 'bg-rose-100 dark:bg-rose-950/70',
  registered: 'bg-slate-100 dark:bg-slate-800/70',
  ephemeral: 'bg-sky-100 dark:bg-sky-950/70',
  dynamic: 'bg-zinc-200 dark:bg-zinc-800',
};

/** The accessible name of a mark: the port and who holds it, or how many ports it stands for. */
export function markLabel(c: Cluster): string {
  const state = LANE_LABEL[c.lane].toLowerCase();
  if (c.ports > 1) return `${c.ports} ${state} ports, ${c.from}–${c.to}`;
  const point = c.points[0];
  if (!point) return `${c.from}`;
  const protos = [...new Set(c.points.map((p) => p.proto))].join(', ');
  if (c.lane === 'free') return `${point.port}/${protos} is free`;
  const holders = [...new Set(c.points.flatMap((p) => p.claims.map((x) => holderLabel(x.holder))))];
  return `${point.port}/${protos} ${state} by ${holders.join(', ')}`;
}

'use client';

import type { TPortProto } from '@/lib/types/ports';
import { Button } from '../ui/button';
import { AddressText, ChosenBadge, ClaimStateBadge, HolderText } from './claim-parts';
import { type Lane, type PortPoint, type PortRange, portKey, type Selection } from './port-band-model';
import { LANE_HELP, LANE_LABEL } from './port-band-style';

/** At most this many ports are listed for a crowded mark; zooming in shows the rest. */
const LIST_MAX = 40;

type Props = {
  hostRef: string;
  selection: Selection;
  points: PortPoint[];
  conflictKeys: ReadonlySet<string>;
  onZoom: (range: PortRange) => void;
  onClose: () => void;
  onReserve?: (port: number, proto: TPortProto) => void;
};

function PointRows({ point, hostRef, conflict }: { point: PortPoint; hostRef: string; conflict: boolean }) {
  if (point.claims.length === 0) return null;
  return (
    <>
      {point.claims.map((c, i) => (
        <tr
          // biome-ignore lint/suspicious/noArrayIndexKey: a holder's claims on one port differ only by address
          key={`${c.holder.kind}:${c.holder.id}:${c.hostIp}:${i}`}
          className={conflict ? 'bg-red-50 dark:bg-red-950/40' : ''}
        >
          <td className="py-0.5 pr-3 font-mono text-xs font-semibold tabular-nums">
            {c.port}/{c.proto}
          </td>
          <td className="py-0.5 pr-3">
            <HolderText holder={c.holder} hostRef={hostRef} />
          </td>
          <td className="py-0.5 pr-3">{c.holder.service ?? <span className="text-muted">—</span>}</td>
          <td className="py-0.5 pr-3 font-mono text-xs">{c.containerPort ?? '—'}</td>
          <td className="py-0.5 pr-3">
            <AddressText claim={c} />
          </td>
          <td className="py-0.5 pr-3">
            <ChosenBadge chosen={c.chosen} />
          </td>
          <td className="py-0.5">
            <ClaimStateBadge state={c.state} />
          </td>
        </tr>
      ))}
    </>
  );
}

function heading(lane: Lane, inRange: PortPoint[], selection: Selection): string {
  const ports = new Set(inRange.map((p) => p.port)).size;
  if (ports === 1 && inRange[0]) {
    const states = [...new Set(inRange.map((p) => LANE_LABEL[p.lane].toLowerCase()))];
    return `Port ${inRange[0].port} · ${states.join(' and ')}`;
  }
  return `${ports} ${LANE_LABEL[lane].toLowerCase()} ports, ${selection.from}–${selection.to}`;
}

/** What a mark stands for: each claim with its holder, service, container port, address, origin and state. */
export function MarkDetails({ hostRef, selection, points, conflictKeys, onZoom, onClose, onReserve }: Props) {
  // One port: everyone on it, whatever their state, so a conflict shows both sides.
  const single = selection.from === selection.to && selection.lane !== 'free';
  const inRange = points.filter(
    (p) =>
      (single ? p.lane !== 'free' : p.lane === selection.lane) &&
      p.port >= selection.from &&
      p.port <= selection.to,
  );
  const many = new Set(inRange.map((p) => p.port)).size > 1;
  const shown = inRange.slice(0, LIST_MAX);
  return (
    <section
      aria-label="Port details"
      data-testid="mark-details"
      className="flex flex-col gap-2 rounded-md border border-line bg-bg px-3 py-2 text-sm"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-semibold">{heading(selection.lane, inRange, selection)}</h3>
        {single ? null : <span className="text-xs text-muted">{LANE_HELP[selection.lane]}</span>}
        <div className="ml-auto flex gap-1">
          {many ? (
            <Button size="sm" onClick={() => onZoom({ from: selection.from, to: selection.to })}>
              Zoom to {selection.from}–{selection.to}
            </Button>
          ) : null}
          <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close the port details">
            ✕
          </Button>
        </div>
      </div>
      {inRange.length === 0 ? (
        <p className="text-muted">Nothing is there any more: the map was read again.</p>
      ) : selection.lane === 'free' ? (
        <ul className="flex flex-wrap gap-2">
          {shown.map((p) => (
            <li key={portKey(p.port, p.proto)} className="inline-flex items-center gap-2">
              <span className="font-mono text-xs">
                {p.port}/{p.proto} is free
              </span>
              {onReserve ? (
                <Button size="sm" onClick={() => onReserve(p.port, p.proto)}>
                  Reserve {p.port}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-[13px]" aria-label="Claims at this mark">
            <thead className="text-xs text-muted">
              <tr>
                {['Port', 'Holder', 'Service', 'Container port', 'Address', 'Chosen', 'State'].map((h) => (
                  <th key={h} scope="col" className="pr-3 pb-1 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((p) => (
                <PointRows
                  key={`${p.lane}:${portKey(p.port, p.proto)}`}
                  point={p}
                  hostRef={hostRef}
                  conflict={conflictKeys.has(portKey(p.port, p.proto))}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {inRange.length > LIST_MAX ? (
        <p className="text-xs text-muted">
          {inRange.length - LIST_MAX} more ports here: zoom in to see each one.
        </p>
      ) : null}
    </section>
  );
}

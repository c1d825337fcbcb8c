'use client';

import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import type { THostPorts, TPortProto } from '@/lib/types/ports';
import { Button } from '../ui/button';
import { inputClass } from '../ui/field';

import { MarkDetails } from './mark-details';
import { PortBand } from './port-band';
import {
  BAND_HELP,
  BAND_LABEL,
  bandSegments,
  clampRange,
  FULL_RANGE,
  formatRange,
  LANES,
  type PortRange,
  parseRange,
  pointsOf,
  portKey,
  REGISTERED,
  type Selection,
  spanOf,
  WELL_KNOWN,
  zoomAround,
} from './port-band-model';
import { LANE_HELP, LANE_LABEL, LANE_SWATCH, SEGMENT_SWATCH } from './port-band-style';

/** The shared input look, at the width the caller gives. */
const narrowInput = inputClass.replace('w-full ', '');

export type PictureState = {
  view: PortRange;
  setView: (view: PortRange) => void;
  selected: Selection | null;
  setSelected: (selection: Selection | null) => void;
};

/** The picture's view and its selected mark, kept by the page so the search and the lists can move them. */
export function usePictureState(): PictureState {
  const [view, setRaw] = useState<PortRange>(FULL_RANGE);
  const [selected, setSelected] = useState<Selection | null>(null);
  const setView = useCallback((next: PortRange) => setRaw(clampRange(next)), []);
  return { view, setView, selected, setSelected };
}

function RangeForm({ view, onView }: { view: PortRange; onView: (view: PortRange) => void }) {
  const [from, setFrom] = useState(String(view.from));
  const [to, setTo] = useState(String(view.to));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setFrom(String(view.from));
    setTo(String(view.to));
    setError(null);
  }, [view]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const range = parseRange(from, to);
    if (typeof range === 'string') setError(range);
    else onView(range);
  };
  return (
    <form onSubmit={submit} className="flex items-center gap-1 text-xs" aria-label="Show a range of ports">
      <label htmlFor="view-from" className="text-muted">
        From
      </label>
      <input
        id="view-from"
        inputMode="numeric"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        className={`${narrowInput} w-20 tabular-nums`}
        aria-invalid={error ? true : undefined}
      />
      <label htmlFor="view-to" className="text-muted">
        to
      </label>
      <input
        id="view-to"
        inputMode="numeric"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        className={`${narrowInput} w-20 tabular-nums`}
        aria-invalid={error ? true : undefined}
      />
      <Button size="sm" type="submit">
        Show
      </Button>
      {error ? (
        <span role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </form>
  );
}

function Legend({ ephemeral }: { ephemeral: PortRange }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted" aria-label="Legend">
      {LANES.map((lane) => (
        <li key={lane} className="inline-flex items-center gap-1.5" title={LANE_HELP[lane]}>
          <span aria-hidden="true" className={`inline-block h-3 w-1.5 rounded-sm ${LANE_SWATCH[lane]}`} />
          <span>
            <span className="text-fg">{LANE_LABEL[lane]}</span>: {LANE_HELP[lane]}
          </span>
        </li>
      ))}
      <li className="inline-flex items-center gap-1.5">
        <span
          aria-hidden="true"
          className="inline-block size-3 rounded-sm border-2 border-red-600 dark:border-red-400"
        />
        <span className="text-fg">Conflict</span>
      </li>
      {(['well-known', 'registered', 'ephemeral'] as const).map((kind) => (
        <li key={kind} className="inline-flex items-center gap-1.5" title={BAND_HELP[kind]}>
          <span
            aria-hidden="true"
            className={`inline-block h-3 w-4 rounded-sm border border-line ${SEGMENT_SWATCH[kind]}`}
          />
          <span>
            <span className="text-fg">{BAND_LABEL[kind]}</span>
            {kind === 'ephemeral' ? ` ${formatRange(ephemeral)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

type Props = {
  data: THostPorts;
  state: PictureState;
  highlight: ReadonlySet<number>;
  suggestions: { port: number; proto: TPortProto }[];
  onReserve?: (port: number, proto: TPortProto) => void;
};

/** The host's port space with its zoom controls, legend and the details of the chosen mark. */
export function PortPicture({ data, state, highlight, suggestions, onReserve }: Props) {
  const { view, setView, selected, setSelected } = state;
  const segments = useMemo(() => bandSegments(data.ephemeral), [data.ephemeral]);
  const points = useMemo(() => pointsOf(data.claims, suggestions), [data.claims, suggestions]);
  const conflictKeys = useMemo(
    () => new Set(data.conflicts.map((c) => portKey(c.port, c.proto))),
    [data.conflicts],
  );
  const presets: { label: string; range: PortRange }[] = [
    { label: 'All', range: FULL_RANGE },
    { label: 'Well-known', range: WELL_KNOWN },
    { label: 'Registered', range: REGISTERED },
    { label: 'Ephemeral', range: data.ephemeral },
  ];
  const isView = (r: PortRange) => r.from === view.from && r.to === view.to;

  return (
    <div className="flex flex-col gap-2" data-testid="port-picture">
      <div className="flex flex-wrap items-center gap-2">
        <fieldset className="flex items-center gap-1">
          <legend className="sr-only">Zoom to a range</legend>
          {presets.map((p) => (
            <Button
              key={p.label}
              size="sm"
              variant={isView(p.range) ? 'primary' : 'secondary'}
              aria-pressed={isView(p.range)}
              onClick={() => setView(p.range)}
              title={formatRange(p.range)}
            >
              {p.label}
            </Button>
          ))}
          <Button
            size="sm"
            variant="ghost"
            disabled={spanOf(view) >= spanOf(FULL_RANGE)}
            onClick={() => setView(zoomAround(view, (view.from + view.to) / 2, 3))}
          >
            Zoom out
          </Button>
        </fieldset>
        <RangeForm view={view} onView={setView} />
        <span className="ml-auto text-xs text-muted" aria-live="polite">
          Showing {formatRange(view)} · drag across the lanes to zoom, Ctrl + scroll to zoom around the
          pointer
        </span>
      </div>
      <div className="overflow-hidden rounded-md border border-line bg-surface px-1 py-2">
        <PortBand
          label={`Port space of ${data.host.name}, ports ${formatRange(view)}`}
          view={view}
          onView={setView}
          segments={segments}
          points={points}
          conflictKeys={conflictKeys}
          highlight={highlight}
          selected={selected}
          onSelect={setSelected}
        />
      </div>
      <Legend ephemeral={data.ephemeral} />
      {selected ? (
        <MarkDetails
          hostRef={data.host.name}
          selection={selected}
          points={points}
          conflictKeys={conflictKeys}
          onZoom={setView}
          onClose={() => setSelected(null)}
          onReserve={onReserve}
        />
      ) : null}
    </div>
  );
}

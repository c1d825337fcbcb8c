import { AXIS_Y, GUTTER, LANE_H, laneY, SEG_H } from './band-layout';
import {
  BAND_HELP,
  BAND_LABEL,
  type BandSegment,
  formatRange,
  LANES,
  type PortRange,
  ticks,
  xOf,
} from './port-band-model';
import { LANE_LABEL, SEGMENT_FILL } from './port-band-style';

/** The ranges of the port space along the top of the picture, named where there is room. */
export function BandSegments({
  segments,
  view,
  plot,
}: {
  segments: BandSegment[];
  view: PortRange;
  plot: number;
}) {
  const half = plot / (2 * (view.to - view.from + 1));
  return (
    <>
      {segments.map((s) => {
        const from = Math.max(s.from, view.from);
        const to = Math.min(s.to, view.to);
        if (from > to) return null;
        const x0 = GUTTER + xOf(from, view, plot) - half;
        const x1 = GUTTER + xOf(to, view, plot) + half;
        const name = BAND_LABEL[s.kind];
        return (
          <g key={`${s.kind}-${s.from}`}>
            <title>{`${name} ${formatRange(s)}: ${BAND_HELP[s.kind]}`}</title>
            <rect x={x0} y={0} width={Math.max(1, x1 - x0)} height={SEG_H} className={SEGMENT_FILL[s.kind]} />
            {x1 - x0 > name.length * 6.5 + 8 ? (
              <text x={x0 + 4} y={14} className="fill-current text-[11px]" opacity={0.8}>
                {name}
              </text>
            ) : null}
          </g>
        );
      })}
    </>
  );
}

/** Each lane's name in the gutter and a faint line along it. */
export function LaneRules({ plot }: { plot: number }) {
  return (
    <>
      {LANES.map((lane) => (
        <g key={lane}>
          <text x={4} y={laneY(lane) + 14} className="fill-current text-[11px]" opacity={0.7}>
            {LANE_LABEL[lane]}
          </text>
          <line
            x1={GUTTER}
            x2={GUTTER + plot}
            y1={laneY(lane) + LANE_H / 2}
            y2={laneY(lane) + LANE_H / 2}
            className="stroke-current"
            opacity={0.12}
          />
        </g>
      ))}
    </>
  );
}

/** Round port numbers under the lanes; the ones at the edges lean inwards so they are not cut. */
export function BandTicks({ view, plot }: { view: PortRange; plot: number }) {
  return (
    <>
      {ticks(view, Math.max(2, Math.floor(plot / 90))).map((t) => {
        const x = xOf(t, view, plot);
        const anchor = x > plot - 18 ? 'end' : x < 18 ? 'start' : 'middle';
        return (
          <g key={t} className="pointer-events-none">
            <line
              x1={GUTTER + x}
              x2={GUTTER + x}
              y1={AXIS_Y - 3}
              y2={AXIS_Y + 2}
              className="stroke-current"
              opacity={0.5}
            />
            <text
              x={GUTTER + x}
              y={AXIS_Y + 14}
              textAnchor={anchor}
              className="fill-current text-[10px] tabular-nums"
              opacity={0.7}
            >
              {t}
            </text>
          </g>
        );
      })}
    </>
  );
}

/** Vertical lines at the ports the search singled out. */
export function Highlights({ ports, view, plot }: { ports: number[]; view: PortRange; plot: number }) {
  return (
    <>
      {ports.map((p) => (
        <line
          key={`hl-${p}`}
          x1={GUTTER + xOf(p, view, plot)}
          x2={GUTTER + xOf(p, view, plot)}
          y1={0}
          y2={AXIS_Y}
          className="pointer-events-none stroke-accent"
          strokeWidth={2}
          data-testid="port-highlight"
          data-port={p}
        />
      ))}
    </>
  );
}

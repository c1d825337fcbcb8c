import { type KeyboardEvent, memo } from 'react';
import { GAP, GUTTER, LANE_H, laneY } from './band-layout';
import type { Cluster } from './port-band-model';
import { LANE_STYLE, markLabel } from './port-band-style';

type Props = {
  cluster: Cluster;
  isTabStop: boolean;
  isSelected: boolean;
  hasConflict: boolean;
  isHit: boolean;
  onClick: (cluster: Cluster) => void;
  onKey: (event: KeyboardEvent<SVGGElement>, cluster: Cluster) => void;
  onFocus: (cluster: Cluster) => void;
};

/**
 * One mark: a thin bar for a port, or a rounded box with a count where ports crowd. It is a button
 * for assistive technology, named after the port and its holder; a wider transparent area takes clicks.
 */
export const BandMark = memo(function BandMark(props: Props) {
  const { cluster: c, isTabStop, isSelected, hasConflict, isHit } = props;
  const y = laneY(c.lane) + 3;
  const cx = GUTTER + c.x;
  const many = c.ports > 1;
  const countText = c.ports > 99 ? '99+' : String(c.ports);
  const w = many ? Math.max(11, countText.length * 6 + 5) : 5;
  const label = markLabel(c);
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG mark cannot be a <button>; it has the role, a name and keys
    <g
      role="button"
      data-mark={c.id}
      data-lane={c.lane}
      data-from={c.from}
      data-to={c.to}
      tabIndex={isTabStop ? 0 : -1}
      aria-label={label}
      aria-pressed={isSelected}
      onClick={() => props.onClick(c)}
      onKeyDown={(e) => props.onKey(e, c)}
      onFocus={() => props.onFocus(c)}
      className="group cursor-pointer outline-none"
    >
      <title>{label}</title>
      <rect x={cx - GAP / 2} y={y - 2} width={GAP} height={LANE_H} fill="transparent" />
      <rect
        x={cx - w / 2 - 3}
        y={y - 2}
        width={w + 6}
        height={18}
        rx={3}
        className={`fill-none stroke-accent ${isSelected ? 'opacity-100' : 'opacity-0 group-focus-visible:opacity-100'}`}
        strokeWidth={2}
      />
      <rect
        x={cx - w / 2}
        y={y}
        width={w}
        height={14}
        rx={many ? 3 : 1}
        className={`${LANE_STYLE[c.lane]} ${hasConflict ? 'stroke-red-600 dark:stroke-red-400' : ''} ${isHit ? 'stroke-accent' : ''}`}
        strokeWidth={hasConflict || isHit ? 2 : c.lane === 'free' ? 1.5 : 0}
      />
      {many ? (
        <text
          x={cx}
          y={y + 10.5}
          textAnchor="middle"
          className={`pointer-events-none text-[9px] font-semibold ${c.lane === 'free' ? 'fill-sky-800 dark:fill-sky-200' : 'fill-white dark:fill-zinc-950'}`}
        >
          {countText}
        </text>
      ) : null}
    </g>
  );
});

'use client';

import {
  type KeyboardEvent,
  type PointerEvent,
  type RefObject,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { GAP, GUTTER, HEIGHT, LANE_H, LANE_TOP, PAD_RIGHT } from './band-layout';
import { BandMark } from './band-mark';
import { BandSegments, BandTicks, Highlights, LaneRules } from './band-parts';
import {
  type BandSegment,
  type Cluster,
  clusterHas,
  clusterPoints,
  contains,
  isSelected,
  LANES,
  nextMark,
  type PortPoint,
  type PortRange,
  portAt,
  type Selection,
  zoomAround,
} from './port-band-model';

type Props = {
  label: string;
  view: PortRange;
  onView: (view: PortRange) => void;
  segments: BandSegment[];
  points: PortPoint[];
  conflictKeys: ReadonlySet<string>;
  highlight: ReadonlySet<number>;
  selected: Selection | null;
  onSelect: (selection: Selection) => void;
};

const NONE: ReadonlySet<never> = new Set();

function useWidth<T extends Element>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(900);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(320, Math.floor(entry.contentRect.width)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

/** Ctrl (or ⌘) + scroll zooms around the pointer; a plain scroll still scrolls the page. */
function useWheelZoom(
  svgRef: RefObject<SVGSVGElement | null>,
  view: PortRange,
  plot: number,
  onView: (view: PortRange) => void,
) {
  const viewRef = useRef(view);
  viewRef.current = view;
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      const x = event.clientX - svg.getBoundingClientRect().left - GUTTER;
      const center = portAt(x, viewRef.current, plot);
      onView(zoomAround(viewRef.current, center, event.deltaY > 0 ? 1.6 : 1 / 1.6));
    };
    svg.addEventListener('wheel', onWheel, { passive: false });
    return () => svg.removeEventListener('wheel', onWheel);
  }, [svgRef, plot, onView]);
}

/**
 * The port space as a band: ranges on top, one lane per state below with a mark per port (or a
 * counted mark where ports crowd), conflicts ringed in red, search hits lit. Drag across the lanes to
 * zoom into a range; the marks are one tab stop, moved with the arrow keys.
 */
export function PortBand(props: Props) {
  const { view, onView, segments, points, conflictKeys, highlight, selected, onSelect } = props;
  const { ref, width } = useWidth<HTMLDivElement>();
  const svgRef = useRef<SVGSVGElement>(null);
  const plot = Math.max(100, width - GUTTER - PAD_RIGHT);
  const clusters = useMemo(() => clusterPoints(points, view, plot, GAP), [points, view, plot]);
  const [brush, setBrush] = useState<{ start: number; end: number } | null>(null);
  const [active, setActive] = useState<string | null>(null);
  useWheelZoom(svgRef, view, plot, onView);
  const tabStop =
    clusters.find((c) => c.id === active) ?? clusters.find((c) => isSelected(c, selected)) ?? clusters[0];

  const localX = (event: PointerEvent<SVGElement>) =>
    Math.max(0, Math.min(plot, event.clientX - event.currentTarget.getBoundingClientRect().left - GUTTER));
  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (!(event.target as Element).hasAttribute('data-brush')) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const x = localX(event);
    setBrush({ start: x, end: x });
  };
  const onPointerUp = () => {
    if (brush && Math.abs(brush.end - brush.start) > 6) {
      const from = portAt(Math.min(brush.start, brush.end), view, plot);
      onView({ from, to: portAt(Math.max(brush.start, brush.end), view, plot) });
    }
    setBrush(null);
  };

  const onClick = useCallback(
    (c: Cluster) => {
      setActive(c.id);
      onSelect({ lane: c.lane, from: c.from, to: c.to });
    },
    [onSelect],
  );
  const onFocus = useCallback((c: Cluster) => setActive(c.id), []);
  const onKey = useCallback(
    (event: KeyboardEvent<SVGGElement>, c: Cluster) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onClick(c);
        return;
      }
      const next = nextMark(clusters, c, event.key);
      if (!next) return;
      event.preventDefault();
      setActive(next.id);
      svgRef.current?.querySelector<SVGGElement>(`[data-mark="${CSS.escape(next.id)}"]`)?.focus();
    },
    [clusters, onClick],
  );

  return (
    <div ref={ref} className="w-full select-none">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; the group names the marks inside */}
      <svg
        ref={svgRef}
        width={width}
        height={HEIGHT}
        role="group"
        aria-label={props.label}
        className="block touch-none text-fg"
        onPointerDown={onPointerDown}
        onPointerMove={(event) => brush && setBrush({ ...brush, end: localX(event) })}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setBrush(null)}
      >
        <BandSegments segments={segments} view={view} plot={plot} />
        <LaneRules plot={plot} />
        <rect
          data-brush=""
          x={GUTTER}
          y={LANE_TOP}
          width={plot}
          height={LANES.length * LANE_H}
          fill="transparent"
          className="cursor-crosshair"
        />
        <Highlights
          ports={[...highlight].filter((p) => contains(view, p)).slice(0, 60)}
          view={view}
          plot={plot}
        />
        {clusters.map((c) => (
          <BandMark
            key={c.id}
            cluster={c}
            isTabStop={c === tabStop}
            isSelected={isSelected(c, selected)}
            hasConflict={clusterHas(c, conflictKeys, NONE)}
            isHit={clusterHas(c, NONE, highlight)}
            onClick={onClick}
            onKey={onKey}
            onFocus={onFocus}
          />
        ))}
        {brush ? (
          <rect
            x={GUTTER + Math.min(brush.start, brush.end)}
            y={LANE_TOP}
            width={Math.abs(brush.end - brush.start)}
            height={LANES.length * LANE_H}
            className="pointer-events-none fill-accent/20 stroke-accent"
          />
        ) : null}
        <BandTicks view={view} plot={plot} />
      </svg>
    </div>
  );
}

import { describe, expect, it } from 'vitest';
import type { TPortClaim } from '@/lib/types/ports';
import {
  bandSegments,
  type Cluster,
  clampRange,
  clusterPoints,
  FULL_RANGE,
  isSelected,
  MIN_SPAN,
  nextMark,
  parseRange,
  pointsOf,
  portAt,
  ticks,
  viewAround,
  xOf,
  zoomAround,
} from './port-band-model';

function claim(
  port: number,
  state: TPortClaim['state'] = 'bound',
  over: Partial<TPortClaim> = {},
): TPortClaim {
  return {
    hostIp: '',
    scope: 'all',
    port,
    proto: 'tcp',
    containerPort: 80,
    state,
    chosen: 'spec',
    holder: { kind: 'container', id: `c${port}`, name: `c${port}`, service: null, state: 'running' },
    ...over,
  };
}

describe('bandSegments', () => {
  it('splits the space around the Linux ephemeral range, contiguous from 1 to 65535', () => {
    const segments = bandSegments({ from: 32_768, to: 60_999 });
    expect(segments).toEqual([
      { kind: 'well-known', from: 1, to: 1023 },
      { kind: 'registered', from: 1024, to: 32_767 },
      { kind: 'ephemeral', from: 32_768, to: 60_999 },
      { kind: 'dynamic', from: 61_000, to: 65_535 },
    ]);
  });

  it('keeps the IANA split when the ephemeral range is the dynamic range', () => {
    expect(bandSegments({ from: 49_152, to: 65_535 }).map((s) => s.kind)).toEqual([
      'well-known',
      'registered',
      'ephemeral',
    ]);
  });

  it('ignores an upside-down ephemeral range', () => {
    expect(bandSegments({ from: 60_000, to: 10 }).map((s) => s.kind)).toEqual([
      'well-known',
      'registered',
      'dynamic',
    ]);
  });
});

describe('views', () => {
  it('puts a range the right way round and at least MIN_SPAN wide, inside the space', () => {
    expect(clampRange({ from: 9000, to: 8000 })).toEqual({ from: 8000, to: 9000 });
    expect(clampRange({ from: 1000, to: 1000 })).toEqual({ from: 990, to: 1009 });
    const low = clampRange({ from: 1, to: 2 });
    expect(low).toEqual({ from: 1, to: MIN_SPAN });
    const high = clampRange({ from: 65_535, to: 65_535 });
    expect(high).toEqual({ from: 65_535 - MIN_SPAN + 1, to: 65_535 });
    expect(clampRange({ from: -4, to: 99_999 })).toEqual(FULL_RANGE);
  });

  it('maps ports to pixels and back', () => {
    const view = { from: 1000, to: 1099 };
    expect(xOf(1000, view, 1000)).toBe(5);
    expect(xOf(1099, view, 1000)).toBe(995);
    expect(portAt(5, view, 1000)).toBe(1000);
    expect(portAt(999, view, 1000)).toBe(1099);
    expect(portAt(-50, view, 1000)).toBe(1000);
    expect(portAt(5000, view, 1000)).toBe(1099);
  });

  it('zooms around a port, keeping it in place, and never past the edges', () => {
    const z = zoomAround({ from: 1, to: 10_000 }, 5000, 0.5);
    expect(z.to - z.from + 1).toBe(5000);
    expect(z.from).toBeLessThanOrEqual(5000);
    expect(z.to).toBeGreaterThanOrEqual(5000);
    expect(zoomAround(FULL_RANGE, 100, 4)).toEqual(FULL_RANGE);
    expect(zoomAround({ from: 1, to: 100 }, 1, 0.01).to - 1 + 1).toBe(MIN_SPAN);
    expect(viewAround(65_530)).toEqual({ from: 65_496, to: 65_535 });
    expect(viewAround(8080)).toEqual({ from: 8060, to: 8099 });
  });

  it('places round ticks inside the view', () => {
    expect(ticks({ from: 1, to: 65_535 }, 8)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(ticks({ from: 8990, to: 9030 }, 5)).toEqual([8990, 9000, 9010, 9020, 9030]);
  });

  it('parses the from–to inputs', () => {
    expect(parseRange('8000', '9000')).toEqual({ from: 8000, to: 9000 });
    expect(parseRange('9000', '8000')).toBe('The first port must not be above the second');
    expect(parseRange('0', '10')).toBe('Give two ports from 1 to 65535');
    expect(parseRange('', '10')).toBe('Give two ports from 1 to 65535');
  });
});

describe('points and clusters', () => {
  it('makes one point of the IPv4 and IPv6 bindings of one port, per state', () => {
    const points = pointsOf(
      [
        claim(8080, 'bound', { hostIp: '0.0.0.0', scope: 'ipv4' }),
        claim(8080, 'bound', { hostIp: '::', scope: 'ipv6' }),
        claim(8080, 'reserved'),
      ],
      [{ port: 9000, proto: 'tcp' }],
    );
    expect(points.map((p) => [p.lane, p.port, p.claims.length])).toEqual([
      ['bound', 8080, 2],
      ['reserved', 8080, 1],
      ['free', 9000, 0],
    ]);
  });

  it('keeps marks at least `gap` apart, counting the ports a cluster stands for', () => {
    const claims = [...Array.from({ length: 300 }, (_, i) => claim(20_000 + i)), claim(40_000)];
    const clusters = clusterPoints(pointsOf(claims), FULL_RANGE, 1000, 10);
    const bound = clusters.filter((c) => c.lane === 'bound');
    expect(bound).toHaveLength(2);
    expect(bound[0]?.ports).toBe(300);
    expect(bound[0]?.from).toBe(20_000);
    expect(bound[0]?.to).toBe(20_299);
    expect(bound[1]?.ports).toBe(1);
    // Zoomed in, each port is its own mark.
    const zoomed = clusterPoints(pointsOf(claims), { from: 20_000, to: 20_099 }, 1000, 10);
    expect(zoomed).toHaveLength(100);
    for (let i = 1; i < zoomed.length; i++)
      expect((zoomed[i]?.x ?? 0) - (zoomed[i - 1]?.x ?? 0)).toBeGreaterThanOrEqual(5);
  });

  it('leaves out points outside the view and keeps lanes apart', () => {
    const clusters = clusterPoints(
      pointsOf([claim(80), claim(81, 'claimed'), claim(9000)]),
      { from: 1, to: 1023 },
      500,
      8,
    );
    expect(clusters.map((c) => c.lane).sort()).toEqual(['bound', 'claimed']);
  });
});

describe('keys between marks', () => {
  const clusters = clusterPoints(
    pointsOf([claim(100), claim(200), claim(300), claim(210, 'reserved'), claim(290, 'claimed')]),
    { from: 1, to: 1000 },
    1000,
    10,
  );
  const at = (lane: string, port: number) =>
    clusters.find((c) => c.lane === lane && c.from === port) as Cluster;

  it('moves along a lane and to the nearest mark of the next lane that has one', () => {
    expect(nextMark(clusters, at('bound', 100), 'ArrowRight')?.from).toBe(200);
    expect(nextMark(clusters, at('bound', 100), 'ArrowLeft')).toBeUndefined();
    expect(nextMark(clusters, at('bound', 100), 'End')?.from).toBe(300);
    expect(nextMark(clusters, at('bound', 300), 'ArrowDown')?.from).toBe(290);
    expect(nextMark(clusters, at('claimed', 290), 'ArrowDown')?.from).toBe(210);
    expect(nextMark(clusters, at('reserved', 210), 'ArrowUp')?.lane).toBe('claimed');
    expect(nextMark(clusters, at('bound', 100), 'a')).toBeUndefined();
  });

  it('knows which marks a selection covers', () => {
    expect(isSelected(at('bound', 200), { lane: 'bound', from: 150, to: 250 })).toBe(true);
    expect(isSelected(at('bound', 200), { lane: 'reserved', from: 200, to: 200 })).toBe(false);
    expect(isSelected(at('bound', 200), null)).toBe(false);
  });
});

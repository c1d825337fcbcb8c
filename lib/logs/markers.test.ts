import { describe, expect, it } from 'vitest';
import { markerFromEvent, releaseMarkers } from './markers';

const time = Date.parse('2026-11-26T04:00:00.250Z');

describe('markerFromEvent', () => {
  it('marks start, die with its exit code, OOM, health changes and restarts', () => {
    const at = (action: string, exitCode?: string) =>
      markerFromEvent('fleet-a', { action, time, id: 'abc123', name: 'shop-web', exitCode });
    expect(at('die', '137')).toEqual({
      ts: '2026-11-26T04:00:00.250Z',
      kind: 'die',
      host: 'fleet-a',
      container: 'shop-web',
      message: 'shop-web exited with code 137',
      exitCode: 137,
    });
    expect(at('start')?.kind).toBe('start');
    expect(at('restart')?.kind).toBe('restart');
    expect(at('oom')?.message).toMatch(/out of memory/);
    expect(at('health_status: unhealthy')).toMatchObject({
      kind: 'health',
      message: 'shop-web is unhealthy',
    });
    expect(at('exec_start: sh')).toBeNull();
    expect(at('attach')).toBeNull();
  });
});

describe('releaseMarkers', () => {
  const release = {
    id: 'r1',
    number: 7,
    kind: 'deploy',
    status: 'rolled_back',
    tag: '8b41d07',
    digest: `sha256:${'a'.repeat(64)}`,
    startedAt: '2026-11-26T04:00:00.000Z',
    finishedAt: '2026-11-26T04:02:00.000Z',
    message: 'verify failed',
  };

  it('marks when a release started and how it finished, within the range', () => {
    expect(releaseMarkers(release, '2026-11-26T03:00:00.000Z', '2026-11-26T05:00:00.000Z')).toEqual([
      { ts: release.startedAt, kind: 'release', message: 'release #7 8b41d07 started', releaseId: 'r1' },
      {
        ts: release.finishedAt,
        kind: 'release',
        message: 'release #7 8b41d07 rolled back: verify failed',
        releaseId: 'r1',
      },
    ]);
    expect(releaseMarkers(release, '2026-11-26T04:01:00.000Z', '9999')).toHaveLength(1);
    expect(
      releaseMarkers({ ...release, kind: 'rollback', tag: null, finishedAt: null }, '0000', '9999'),
    ).toEqual([
      {
        ts: release.startedAt,
        kind: 'rollback',
        message: `rollback #7 sha256:${'a'.repeat(12)} started`,
        releaseId: 'r1',
      },
    ]);
  });
});

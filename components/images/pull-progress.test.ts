import { describe, expect, it } from 'vitest';
import type { TPullEvent } from '@/lib/types/images';
import {
  applyPullEvent,
  finishPull,
  layerSummary,
  pullFraction,
  startPull,
  type THostPull,
  type TPullState,
} from './pull-progress';

const progress = (
  host: string,
  id: string | null,
  status: string,
  current: number | null = null,
  total: number | null = null,
): TPullEvent => ({ type: 'progress', host, id, status, current, total });

const applyAll = (state: TPullState, events: TPullEvent[]) => events.reduce(applyPullEvent, state);

function pull(over: Partial<THostPull>): THostPull {
  return {
    host: 'a',
    state: 'pulling',
    status: '',
    layers: {},
    imageId: null,
    digest: null,
    error: null,
    ...over,
  };
}

describe('startPull', () => {
  it('puts every asked host in waiting, with nothing known yet', () => {
    expect(startPull(['a', 'b'])).toEqual({
      a: {
        host: 'a',
        state: 'waiting',
        status: 'waiting',
        layers: {},
        imageId: null,
        digest: null,
        error: null,
      },
      b: {
        host: 'b',
        state: 'waiting',
        status: 'waiting',
        layers: {},
        imageId: null,
        digest: null,
        error: null,
      },
    });
  });
});

describe('applyPullEvent', () => {
  it('records layer lines per layer id and other lines as the host status', () => {
    const state = applyAll(startPull(['a']), [
      progress('a', null, 'Pulling from library/nginx'),
      progress('a', 'l1', 'Pulling fs layer'),
      progress('a', 'l2', 'Downloading', 10, 100),
      progress('a', 'l1', 'Downloading', 5, 50),
    ]);
    expect(state.a?.state).toBe('pulling');
    expect(state.a?.status).toBe('Pulling from library/nginx');
    expect(state.a?.layers).toEqual({
      l1: { status: 'Downloading', current: 5, total: 50 },
      l2: { status: 'Downloading', current: 10, total: 100 },
    });
  });

  it('keeps the hosts apart', () => {
    const state = applyAll(startPull(['a', 'b']), [
      progress('a', 'l1', 'Downloading', 1, 2),
      progress('b', null, 'Digest: sha256:x'),
    ]);
    expect(state.a?.layers).toHaveProperty('l1');
    expect(state.a?.status).toBe('waiting');
    expect(state.b?.layers).toEqual({});
    expect(state.b?.status).toBe('Digest: sha256:x');
  });

  it('marks a host done with the image id and digest', () => {
    const state = applyAll(startPull(['a']), [
      progress('a', 'l1', 'Pull complete'),
      { type: 'done', host: 'a', imageId: 'sha256:img', digest: 'sha256:dig' },
    ]);
    expect(state.a).toMatchObject({
      state: 'done',
      imageId: 'sha256:img',
      digest: 'sha256:dig',
      status: 'pulled',
    });
    expect(state.a?.layers).toHaveProperty('l1');
  });

  it('marks only the failing host as an error and keeps its message', () => {
    const state = applyAll(startPull(['a', 'b']), [
      progress('a', 'l1', 'Downloading', 1, 2),
      { type: 'error', host: 'a', message: 'manifest unknown' },
      { type: 'done', host: 'b', imageId: 'i', digest: null },
    ]);
    expect(state.a).toMatchObject({ state: 'error', error: 'manifest unknown' });
    expect(state.a?.layers).toHaveProperty('l1');
    expect(state.b?.state).toBe('done');
  });

  it('shows a host that was not asked for under its own name', () => {
    const state = applyPullEvent(startPull(['a']), progress('stray', null, 'Pulling'));
    expect(Object.keys(state).sort()).toEqual(['a', 'stray']);
    expect(state.stray).toMatchObject({ host: 'stray', state: 'pulling', status: 'Pulling' });
  });

  it('does not change the state it is given', () => {
    const before = startPull(['a']);
    const snapshot = structuredClone(before);
    applyPullEvent(before, progress('a', 'l1', 'Downloading', 1, 2));
    applyPullEvent(before, { type: 'error', host: 'a', message: 'x' });
    expect(before).toEqual(snapshot);
  });
});

describe('pullFraction', () => {
  it('is null before any layer size is known', () => {
    expect(pullFraction(pull({}))).toBeNull();
    expect(
      pullFraction(pull({ layers: { l1: { status: 'Waiting', current: null, total: null } } })),
    ).toBeNull();
  });

  it('is the bytes downloaded over the bytes known', () => {
    const p = pull({
      layers: {
        l1: { status: 'Downloading', current: 25, total: 100 },
        l2: { status: 'Downloading', current: 0, total: 300 },
        l3: { status: 'Waiting', current: null, total: null },
      },
    });
    expect(pullFraction(p)).toBe(25 / 400);
  });

  it('counts a layer past its download as whole, though extraction restarts its byte count', () => {
    const p = pull({
      layers: {
        l1: { status: 'Extracting', current: 1, total: 100 },
        l2: { status: 'Download complete', current: null, total: 100 },
        l3: { status: 'Verifying Checksum', current: 0, total: 100 },
        l4: { status: 'Downloading', current: 50, total: 100 },
      },
    });
    expect(pullFraction(p)).toBe(350 / 400);
  });

  it('never counts more than a layer total', () => {
    const p = pull({ layers: { l1: { status: 'Downloading', current: 500, total: 100 } } });
    expect(pullFraction(p)).toBe(1);
  });

  it('is 1 once done', () => {
    expect(pullFraction(pull({ state: 'done' }))).toBe(1);
  });
});

describe('layerSummary', () => {
  it('is the status alone before any layer shows', () => {
    expect(layerSummary(pull({ status: 'Pulling from library/nginx' }))).toBe('Pulling from library/nginx');
  });

  it('counts finished and already present layers', () => {
    const p = pull({
      status: 'Digest: sha256:x',
      layers: {
        l1: { status: 'Pull complete', current: null, total: null },
        l2: { status: 'Already exists', current: null, total: null },
        l3: { status: 'Extracting', current: 1, total: 2 },
      },
    });
    expect(layerSummary(p)).toBe('2 of 3 layers · Digest: sha256:x');
    expect(layerSummary({ ...p, status: '' })).toBe('2 of 3 layers');
  });
});

describe('finishPull', () => {
  it('turns hosts that never finished into errors and leaves finished ones alone', () => {
    const state = applyAll(startPull(['waits', 'pulls', 'done', 'failed']), [
      progress('pulls', 'l1', 'Downloading', 1, 2),
      { type: 'done', host: 'done', imageId: 'i', digest: null },
      { type: 'error', host: 'failed', message: 'denied' },
    ]);
    const end = finishPull(state);
    expect(end.waits).toMatchObject({
      state: 'error',
      error: 'the pull ended without a result for this host',
    });
    expect(end.pulls).toMatchObject({
      state: 'error',
      error: 'the pull ended without a result for this host',
    });
    expect(end.done).toEqual(state.done);
    expect(end.failed).toMatchObject({ state: 'error', error: 'denied' });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cachedRead, invalidateHost } from './cache';

describe('per-host read cache', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    invalidateHost('h1');
    invalidateHost('h2');
  });
  afterEach(() => vi.useRealTimers());

  it('shares one load between callers that arrive while it runs', async () => {
    let calls = 0;
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 100));
    const a = cachedRead('h1', 'containers', 2000, load);
    const b = cachedRead('h1', 'containers', 2000, load);
    await vi.advanceTimersByTimeAsync(100);
    expect(await a).toBe(1);
    expect(await b).toBe(1);
    expect(calls).toBe(1);
  });

  it('loads again once the entry is older than its time to live', async () => {
    let calls = 0;
    const load = async () => ++calls;
    expect(await cachedRead('h1', 'containers', 2000, load)).toBe(1);
    vi.advanceTimersByTime(1999);
    expect(await cachedRead('h1', 'containers', 2000, load)).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await cachedRead('h1', 'containers', 2000, load)).toBe(2);
  });

  it('keeps hosts and resources apart, and forgets what is invalidated', async () => {
    let calls = 0;
    const load = async () => ++calls;
    await cachedRead('h1', 'containers', 2000, load);
    await cachedRead('h1', 'volumes', 2000, load);
    await cachedRead('h2', 'containers', 2000, load);
    expect(calls).toBe(3);
    invalidateHost('h1', 'containers');
    await cachedRead('h1', 'containers', 2000, load);
    await cachedRead('h1', 'volumes', 2000, load);
    expect(calls).toBe(4);
    invalidateHost('h1');
    await cachedRead('h1', 'volumes', 2000, load);
    expect(calls).toBe(5);
  });

  it('does not keep a failed load', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('engine down');
    };
    await expect(cachedRead('h1', 'containers', 2000, failing)).rejects.toThrow('engine down');
    await expect(cachedRead('h1', 'containers', 2000, failing)).rejects.toThrow('engine down');
    expect(calls).toBe(2);
  });
});

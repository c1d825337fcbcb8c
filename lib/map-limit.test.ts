import { describe, expect, it } from 'vitest';
import { createLimiter, mapLimit } from './map-limit';

describe('mapLimit', () => {
  it('keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it('answers an empty list without calling', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });

  it('shares one limit between calls made at different times', async () => {
    const run = createLimiter(2);
    let running = 0;
    let peak = 0;
    const task = (n: number) =>
      run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return n;
      });
    const first = [task(1), task(2), task(3)];
    const later = [task(4), task(5)];
    expect(await Promise.all([...first, ...later])).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { newId } from './ids';

describe('ids', () => {
  it('are 20 lowercase letters and digits', () => {
    expect(newId()).toMatch(/^[0-9a-z]{20}$/);
  });

  it('sort by creation time', () => {
    const ids = [1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000].map((t) => newId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differ within the same millisecond', () => {
    const now = Date.now();
    expect(new Set(Array.from({ length: 1000 }, () => newId(now))).size).toBe(1000);
  });
});

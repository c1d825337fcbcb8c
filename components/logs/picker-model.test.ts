import { describe, expect, it } from 'vitest';
import { fuzzyScore, pick, pickKey, type TPickItem } from './picker-model';

const items: TPickItem[] = [
  { kind: 'service', service: 'shop', detail: '' },
  { kind: 'service', service: 'payments-api', detail: '' },
  { kind: 'container', host: 'fleet-a', container: 'shop-web', state: 'running', service: 'shop' },
  { kind: 'container', host: 'fleet-a', container: 'ticker', state: 'running', service: null },
  { kind: 'container', host: 'fleet-b', container: 'ticker', state: 'exited', service: null },
  { kind: 'container', host: 'fleet-a', container: 'chatty', state: 'running', service: null },
  { kind: 'host', host: 'fleet-a', detail: '' },
];
const keys = (q: string) => pick(items, q).map(pickKey);

describe('fuzzyScore', () => {
  it('ranks whole, prefix, word start, substring, then letters in order', () => {
    const whole = fuzzyScore('shop', 'shop');
    const prefix = fuzzyScore('sh', 'shop');
    const word = fuzzyScore('api', 'payments-api');
    const sub = fuzzyScore('ments', 'payments-api');
    const letters = fuzzyScore('pa', 'shop-api');
    expect(whole).toBeGreaterThan(prefix);
    expect(prefix).toBeGreaterThan(word);
    expect(word).toBeGreaterThan(sub);
    expect(sub).toBeGreaterThan(letters);
    expect(letters).toBeGreaterThan(0);
    expect(fuzzyScore('xz', 'shop')).toBe(-1);
  });
});

describe('pick', () => {
  it('reaches a service with two letters', () => {
    expect(keys('sh')[0]).toBe('s:shop');
    expect(keys('pa')[0]).toBe('s:payments-api');
  });

  it('reaches a container by its name, running before stopped', () => {
    expect(keys('ti').slice(0, 2)).toEqual(['c:fleet-a/ticker', 'c:fleet-b/ticker']);
    expect(keys('ch')[0]).toBe('c:fleet-a/chatty');
  });

  it('matches a container by host/name and by its service', () => {
    expect(keys('fleet-b/ti')[0]).toBe('c:fleet-b/ticker');
    expect(keys('shop')).toContain('c:fleet-a/shop-web');
  });

  it('lists services first for an empty query and drops what does not match', () => {
    expect(keys('').slice(0, 2)).toEqual(['s:payments-api', 's:shop']);
    expect(keys('zzz')).toEqual([]);
  });
});

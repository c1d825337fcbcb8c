import { describe, expect, it } from 'vitest';
import { firstAtOrAfter, formatLogTime, keyMinusMs, keySeconds, msKey, parseTimeInput, tsKey } from './time';

describe('tsKey', () => {
  it('pads Docker timestamps to nine digits so keys sort as text', () => {
    expect(tsKey('2026-11-26T03:00:00.12Z')).toBe('2026-11-26T03:00:00.120000000Z');
    expect(tsKey('2026-11-26T03:00:00Z')).toBe('2026-11-26T03:00:00.000000000Z');
    expect(tsKey('2026-11-26T03:00:00.123456789Z')).toBe('2026-11-26T03:00:00.123456789Z');
    expect(tsKey('2026-11-26T03:00:00.12Z') < tsKey('2026-11-26T03:00:00.119999999Z')).toBe(false);
  });

  it('reads offsets into UTC and answers empty for no time', () => {
    expect(tsKey('2026-11-26T04:00:00.5+01:00')).toBe('2026-11-26T03:00:00.500000000Z');
    expect(tsKey('')).toBe('');
    expect(tsKey('yesterday')).toBe('');
  });
});

describe('keySeconds and keyMinusMs', () => {
  it('gives Unix seconds without losing the nanoseconds', () => {
    expect(keySeconds('2026-11-26T03:00:00.123456789Z')).toBe(
      `${Date.UTC(2026, 10, 26, 3) / 1000}.123456789`,
    );
    expect(keySeconds('')).toBe('0');
  });

  it('moves a key back, across a second boundary', () => {
    expect(keyMinusMs('2026-11-26T03:00:00.000500000Z', 1000)).toBe('2026-11-26T02:59:59.000500000Z');
    expect(keyMinusMs('2026-11-26T03:00:00.250123456Z', 500)).toBe('2026-11-26T02:59:59.750123456Z');
  });

  it('makes a key of milliseconds', () => {
    expect(msKey(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02T03:04:05.006000000Z');
  });
});

describe('formatLogTime', () => {
  it('shows milliseconds in UTC or the local zone', () => {
    expect(formatLogTime('2026-11-26T03:00:00.123456Z', true)).toBe('2026-11-26 03:00:00.123');
    const local = formatLogTime('2026-11-26T03:00:00.5Z', false);
    expect(local).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.500$/);
    expect(formatLogTime('', true)).toBe('');
  });
});

describe('parseTimeInput', () => {
  const now = new Date(Date.UTC(2026, 10, 26, 12, 0, 0));

  it('reads a date and time in UTC', () => {
    expect(parseTimeInput('2026-11-25 03:00', true, now)).toEqual({
      key: '2026-11-25T03:00:00.000000000Z',
      error: null,
    });
    expect(parseTimeInput('2026-11-25T03:00:15.25', true, now).key).toBe('2026-11-25T03:00:15.250000000Z');
  });

  it('reads a bare time as today', () => {
    expect(parseTimeInput('3:07:09', true, now).key).toBe('2026-11-26T03:07:09.000000000Z');
  });

  it('reads a time with a zone, and Unix seconds', () => {
    expect(parseTimeInput('2026-11-26T05:00:00+02:00', false, now).key).toBe(
      '2026-11-26T03:00:00.000000000Z',
    );
    expect(parseTimeInput('1764126000', false, now).key).toBe(msKey(1764126000_000));
  });

  it('reads a local time in the local zone', () => {
    const { key } = parseTimeInput('2026-11-25 03:00', false, now);
    expect(key).toBe(msKey(new Date(2026, 10, 25, 3, 0).getTime()));
  });

  it('says what is wrong with what is not a time', () => {
    expect(parseTimeInput('', true).error).toMatch(/type a time/);
    expect(parseTimeInput('soon', true).error).toMatch(/not a time/);
    expect(parseTimeInput('25:00', true).error).toMatch(/hours/);
  });
});

describe('firstAtOrAfter', () => {
  const rows = ['a', 'c', '', 'e', 'g'].map((k) => ({ k }));
  const at = (key: string) => firstAtOrAfter(rows, (r) => r.k, key);

  it('finds the first item at or after a key', () => {
    expect(at('0')).toBe(0);
    expect(at('a')).toBe(0);
    expect(at('b')).toBe(1);
    expect(at('e')).toBe(3);
    expect(at('f')).toBe(4);
    expect(at('z')).toBe(5);
  });
});

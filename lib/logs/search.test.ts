import { describe, expect, it } from 'vitest';
import type { TLogLine } from '@/lib/types/logs';
import { LINE_CAP_BYTES } from './decoder';
import { lineMatcher, MatchCollector, unsafeRegexReason } from './search';

describe('unsafeRegexReason', () => {
  it.each([
    'error',
    'timeout after \\d+ ms',
    '^(GET|POST) /api/v1/\\w+',
    '(?:warn|error): .*',
    '[(a+)+]',
    '\\(a+\\)+',
    'a{2,5}b?',
    '(ab){3}',
    '(a+)?',
    '(ab)+c',
  ])('accepts %s', (pattern) => {
    expect(unsafeRegexReason(pattern)).toBeNull();
  });

  it.each([
    ['(a+)+', /nested quantifiers/],
    ['(a*)*', /nested quantifiers/],
    ['(a+)*$', /nested quantifiers/],
    ['(?:x|y+){2,}', /nested quantifiers/],
    ['((a+))+', /nested quantifiers/],
    ['(\\d+\\.){3}', /nested quantifiers/],
    ['(a{1,9})+?', /nested quantifiers/],
    ['(a)\\1', /backreferences/],
    ['(?<w>a)\\k<w>', /backreferences/],
    ['a'.repeat(201), /longer than 200/],
    ['(unclosed', /not valid/],
    ['a**', /not valid/],
  ])('refuses %s', (pattern, reason) => {
    expect(unsafeRegexReason(pattern)).toMatch(reason);
  });
});

describe('lineMatcher', () => {
  it('matches text case-insensitively, or a regular expression', () => {
    expect(lineMatcher('Timeout', false)('upstream TIMEOUT after 5 s')).toBe(true);
    expect(lineMatcher('a.c', false)('abc')).toBe(false);
    expect(lineMatcher('a.c', true)('xABCx')).toBe(true);
  });

  it('tests a line only up to the cap of a line', () => {
    const long = `${'x'.repeat(LINE_CAP_BYTES)}needle`;
    expect(lineMatcher('needle', false)(long)).toBe(false);
    expect(lineMatcher('needle$', true)(long)).toBe(false);
    expect(lineMatcher('x{10}', true)(long)).toBe(true);
  });
});

describe('MatchCollector', () => {
  const lines = Array.from(
    { length: 10 },
    (_, i): TLogLine => ({
      ts: `2026-11-26T04:00:0${i}Z`,
      stream: 'stdout',
      text: i === 1 || i === 2 || i === 8 ? `boom ${i}` : `ok ${i}`,
    }),
  );

  it('keeps the lines around each match, also where matches are close', () => {
    const c = new MatchCollector((t) => t.startsWith('boom'), 2, 100);
    for (const l of lines) c.push(l);
    expect(c.lines).toBe(10);
    expect(c.total).toBe(3);
    expect(
      c.matches.map((m) => [m.before.map((l) => l.text), m.line.text, m.after.map((l) => l.text)]),
    ).toEqual([
      [['ok 0'], 'boom 1', ['boom 2', 'ok 3']],
      [['ok 0', 'boom 1'], 'boom 2', ['ok 3', 'ok 4']],
      [['ok 6', 'ok 7'], 'boom 8', ['ok 9']],
    ]);
  });

  it('keeps the newest matches past the limit and counts them all', () => {
    const c = new MatchCollector((t) => t.startsWith('boom'), 0, 2);
    for (const l of lines) c.push(l);
    expect(c.total).toBe(3);
    expect(c.matches.map((m) => m.line.text)).toEqual(['boom 2', 'boom 8']);
    expect(c.matches[0]?.before).toEqual([]);
  });
});

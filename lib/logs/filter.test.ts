import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  findRanges,
  isFiltering,
  markSegments,
  matchesSearch,
  NO_FILTER,
  passesFilter,
  searchPattern,
  stepMatch,
  type TFilterable,
} from './filter';

const line = (plain: string, stream: 'stdout' | 'stderr' = 'stdout', level: TFilterable['level'] = null) => ({
  plain,
  stream,
  level,
});

describe('compilePattern', () => {
  it('compiles a pattern case-insensitively; blank means no filter', () => {
    expect(compilePattern('')).toEqual({ regex: null, error: null });
    expect(compilePattern('   ')).toEqual({ regex: null, error: null });
    const { regex, error } = compilePattern('tick \\d+');
    expect(error).toBeNull();
    expect(regex?.test('TICK 42')).toBe(true);
    expect(compilePattern('Tick', true).regex?.test('tick')).toBe(false);
  });

  it('answers an invalid pattern with a message, never an exception', () => {
    for (const bad of ['(', '[a-', '*x', 'a{2,1}', '(?<n>a)(?<n>b)', '\\']) {
      const result = compilePattern(bad);
      expect(result.regex).toBeNull();
      expect(result.error).toEqual(expect.any(String));
      expect(result.error?.length).toBeGreaterThan(0);
    }
    expect(compilePattern('x'.repeat(501)).error).toMatch(/at most 500/);
    expect(compilePattern('(warn|error').error).toBe('Unterminated group');
  });

  it('accepts escapes that only non-unicode patterns allow', () => {
    expect(compilePattern('a\\-b').regex?.test('a-b')).toBe(true);
  });
});

describe('passesFilter', () => {
  it('passes everything without a filter', () => {
    expect(passesFilter(line('x'), NO_FILTER)).toBe(true);
    expect(isFiltering(NO_FILTER)).toBe(false);
  });

  it('filters by stream, level and regex together', () => {
    const filter = { regex: /timeout/i, stream: 'stderr' as const, level: 'warn' as const };
    expect(isFiltering(filter)).toBe(true);
    expect(passesFilter(line('upstream TIMEOUT', 'stderr', 'error'), filter)).toBe(true);
    expect(passesFilter(line('upstream timeout', 'stdout', 'error'), filter)).toBe(false);
    expect(passesFilter(line('upstream timeout', 'stderr', 'info'), filter)).toBe(false);
    expect(passesFilter(line('upstream timeout', 'stderr', null), filter)).toBe(false);
    expect(passesFilter(line('all good', 'stderr', 'error'), filter)).toBe(false);
  });

  it('gives the same answer twice with a global regex', () => {
    const filter = { ...NO_FILTER, regex: /a/g };
    expect(passesFilter(line('a'), filter)).toBe(true);
    expect(passesFilter(line('a'), filter)).toBe(true);
  });
});

describe('search', () => {
  it('finds every place of a text, case-insensitively, treating it as text', () => {
    expect(findRanges('Error error ERROR', searchPattern('error'))).toEqual([
      { start: 0, end: 5 },
      { start: 6, end: 11 },
      { start: 12, end: 17 },
    ]);
    expect(findRanges('a.b axb', searchPattern('a.b'))).toEqual([{ start: 0, end: 3 }]);
    expect(findRanges('(x) [y]', searchPattern('[y]'))).toEqual([{ start: 4, end: 7 }]);
    expect(searchPattern('')).toBeNull();
    expect(findRanges('abc', null)).toEqual([]);
  });

  it('skips empty matches and stops at the limit', () => {
    expect(findRanges('abc', /x*/)).toEqual([]);
    expect(findRanges('aaaa', /a/g, 2)).toHaveLength(2);
  });

  it('says whether a line matches, repeatably', () => {
    const p = searchPattern('tick');
    expect(matchesSearch('TICK 1', p)).toBe(true);
    expect(matchesSearch('TICK 1', p)).toBe(true);
    expect(matchesSearch('tock', p)).toBe(false);
    expect(matchesSearch('tick', null)).toBe(false);
  });
});

describe('markSegments', () => {
  it('cuts styled runs at the edges of matches, keeping every character', () => {
    const segs = [
      { text: 'hello ', style: 'a' },
      { text: 'wor', style: 'b' },
      { text: 'ld!', style: 'c' },
    ];
    const marked = markSegments(segs, [
      { start: 4, end: 8 },
      { start: 9, end: 10 },
    ]);
    expect(marked).toEqual([
      { text: 'hell', style: 'a', mark: false },
      { text: 'o ', style: 'a', mark: true },
      { text: 'wo', style: 'b', mark: true },
      { text: 'r', style: 'b', mark: false },
      { text: 'l', style: 'c', mark: true },
      { text: 'd!', style: 'c', mark: false },
    ]);
    expect(marked.map((s) => s.text).join('')).toBe('hello world!');
  });

  it('marks nothing without ranges', () => {
    expect(markSegments([{ text: 'x' }], [])).toEqual([{ text: 'x', mark: false }]);
  });
});

describe('stepMatch', () => {
  it('moves to the next and previous match, wrapping round', () => {
    const m = [3, 10, 42];
    expect(stepMatch(m, null, 1)).toBe(3);
    expect(stepMatch(m, null, -1)).toBe(42);
    expect(stepMatch(m, 3, 1)).toBe(10);
    expect(stepMatch(m, 42, 1)).toBe(3);
    expect(stepMatch(m, 3, -1)).toBe(42);
    expect(stepMatch(m, 20, -1)).toBe(10);
    expect(stepMatch([], 5, 1)).toBeNull();
  });
});

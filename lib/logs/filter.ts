/**
 * What the viewer shows of a log and what it highlights: a regex filter compiled without ever
 * throwing (an invalid pattern becomes a message to show beside the input), stream and level filters,
 * and a text search that finds the places to highlight. Pure.
 */
import type { TLogStream } from '@/lib/types/logs';
import { passesLevel, type TLogLevel } from './levels';

export const PATTERN_MAX = 500;

export type TCompiled = { regex: RegExp | null; error: string | null };

/**
 * A user's pattern as a RegExp, case-insensitive unless asked otherwise; blank means no filter. An
 * invalid pattern gives `error` (the engine's reason, in words) and no regex: it never throws.
 */
export function compilePattern(source: string, caseSensitive = false): TCompiled {
  if (source.trim() === '') return { regex: null, error: null };
  if (source.length > PATTERN_MAX)
    return { regex: null, error: `a pattern is at most ${PATTERN_MAX} characters` };
  try {
    return { regex: new RegExp(source, caseSensitive ? 'u' : 'iu'), error: null };
  } catch (unicodeError) {
    // Some patterns people write (`\-`, `\_`) are valid only without the u flag.
    try {
      return { regex: new RegExp(source, caseSensitive ? '' : 'i'), error: null };
    } catch {
      const reason = unicodeError instanceof Error ? unicodeError.message : String(unicodeError);
      // V8 says `Invalid regular expression: /(a/iu: Unterminated group`: keep the reason.
      const words = reason.replace(/^Invalid regular expression: (?:\/.*\/[a-z]*: )?/s, '');
      return { regex: null, error: words || 'invalid pattern' };
    }
  }
}

export type TStreamFilter = TLogStream | 'all';

export type TLineFilter = {
  regex: RegExp | null;
  stream: TStreamFilter;
  /** This level and worse; null shows every line, with or without a level. */
  level: TLogLevel | null;
};

export const NO_FILTER: TLineFilter = { regex: null, stream: 'all', level: null };

/** What a filter looks at: the line's stream, its text without ANSI sequences, and its level. */
export type TFilterable = { stream: TLogStream; plain: string; level: TLogLevel | null };

export function isFiltering(filter: TLineFilter): boolean {
  return filter.regex !== null || filter.stream !== 'all' || filter.level !== null;
}

export function passesFilter(line: TFilterable, filter: TLineFilter): boolean {
  if (filter.stream !== 'all' && line.stream !== filter.stream) return false;
  if (!passesLevel(line.level, filter.level)) return false;
  if (filter.regex) {
    filter.regex.lastIndex = 0;
    if (!filter.regex.test(line.plain)) return false;
  }
  return true;
}

export type TRange = { start: number; end: number };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A search for this text, case-insensitive, or null for an empty search. */
export function searchPattern(query: string): RegExp | null {
  if (query === '') return null;
  return new RegExp(escapeRegExp(query.slice(0, PATTERN_MAX)), 'gi');
}

/** Where the pattern matches in the text, left to right, at most `limit` places; empty matches skipped. */
export function findRanges(text: string, pattern: RegExp | null, limit = 1000): TRange[] {
  if (!pattern) return [];
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  global.lastIndex = 0;
  const out: TRange[] = [];
  for (let m = global.exec(text); m !== null && out.length < limit; m = global.exec(text)) {
    if (m[0].length === 0) {
      global.lastIndex++;
      if (global.lastIndex > text.length) break;
      continue;
    }
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  global.lastIndex = 0;
  return out;
}

export function matchesSearch(text: string, pattern: RegExp | null): boolean {
  if (!pattern) return false;
  pattern.lastIndex = 0;
  const hit = pattern.test(text);
  pattern.lastIndex = 0;
  return hit;
}

/**
 * Segments (for example ANSI runs) cut at the edges of the ranges, each piece marked when it lies in
 * one. The text of the pieces, joined, is the text of the segments.
 */
export function markSegments<T extends { text: string }>(
  segments: T[],
  ranges: TRange[],
): (T & { mark: boolean })[] {
  if (ranges.length === 0) return segments.map((s) => ({ ...s, mark: false }));
  const out: (T & { mark: boolean })[] = [];
  let offset = 0;
  let r = 0;
  for (const seg of segments) {
    const segEnd = offset + seg.text.length;
    let at = offset;
    while (at < segEnd) {
      while (r < ranges.length && (ranges[r] as TRange).end <= at) r++;
      const range = ranges[r];
      if (!range || range.start >= segEnd) {
        out.push({ ...seg, text: seg.text.slice(at - offset), mark: false });
        at = segEnd;
      } else if (range.start > at) {
        out.push({ ...seg, text: seg.text.slice(at - offset, range.start - offset), mark: false });
        at = range.start;
      } else {
        const end = Math.min(range.end, segEnd);
        out.push({ ...seg, text: seg.text.slice(at - offset, end - offset), mark: true });
        at = end;
      }
    }
    offset = segEnd;
  }
  return out;
}

/** The next (or previous) index in a sorted list of matching row indices, wrapping round. */
export function stepMatch(matches: number[], current: number | null, direction: 1 | -1): number | null {
  if (matches.length === 0) return null;
  if (current === null)
    return direction === 1 ? (matches[0] as number) : (matches[matches.length - 1] as number);
  if (direction === 1) {
    for (const m of matches) if (m > current) return m;
    return matches[0] as number;
  }
  for (let i = matches.length - 1; i >= 0; i--)
    if ((matches[i] as number) < current) return matches[i] as number;
  return matches[matches.length - 1] as number;
}

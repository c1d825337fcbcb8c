/**
 * Log search rules shared by the server and the browser: which regular expressions a user may run on
 * the server, and collecting matches with the lines around them. Pure.
 */
import type { TLogLine } from '@/lib/types/logs';
import { LINE_CAP_BYTES } from './decoder';

export const REGEX_MAX_LENGTH = 200;

/**
 * Why a user's regular expression may not run on the server, or null when it may. Refused: longer
 * than 200 characters, backreferences, and a quantified group that holds a quantifier itself
 * (`(a+)+`, `(a*)*`, `(?:a|b+){2,}`), the shapes that backtrack exponentially; and invalid syntax.
 */
export function unsafeRegexReason(pattern: string): string | null {
  if (pattern.length > REGEX_MAX_LENGTH)
    return `the regular expression is longer than ${REGEX_MAX_LENGTH} characters`;
  // Each open group: whether something inside it is quantified.
  const groups: boolean[] = [];
  let lastGroupQuantified = false;
  let afterGroup = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<'))
        return 'backreferences are not allowed in a search';
      i++;
      afterGroup = false;
      continue;
    }
    if (c === '[') {
      i = classEnd(pattern, i);
      afterGroup = false;
      continue;
    }
    if (c === '(') {
      groups.push(false);
      afterGroup = false;
      continue;
    }
    if (c === ')') {
      lastGroupQuantified = groups.pop() ?? false;
      // A group holding a quantifier is quantified content of the group around it.
      if (lastGroupQuantified && groups.length > 0) groups[groups.length - 1] = true;
      afterGroup = true;
      continue;
    }
    const quantifier = quantifierAt(pattern, i);
    if (quantifier) {
      if (afterGroup && lastGroupQuantified && quantifier.repeats)
        return 'nested quantifiers such as (a+)+ are not allowed in a search: they can take exponential time';
      if (quantifier.repeats && groups.length > 0) groups[groups.length - 1] = true;
      i = quantifier.end;
    }
    afterGroup = false;
  }
  try {
    new RegExp(pattern, 'i');
  } catch (error) {
    return `the regular expression is not valid: ${(error as Error).message}`;
  }
  return null;
}

/** The index of the `]` that closes the class opened at `start`. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return pattern.length;
}

/** A quantifier at `i`: `*`, `+`, `?` or `{n}`, `{n,}`, `{n,m}`, with a lazy `?` after it. */
function quantifierAt(pattern: string, i: number): { end: number; repeats: boolean } | null {
  const c = pattern[i];
  let end = i;
  let repeats: boolean;
  if (c === '*' || c === '+') repeats = true;
  else if (c === '?') repeats = false;
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!m) return null;
    end = i + m[0].length - 1;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    repeats = max > 1;
  } else return null;
  if (pattern[end + 1] === '?') end++;
  return { end, repeats };
}

/** The test of a line: a plain text (case-insensitive) or a checked regular expression. */
export function lineMatcher(query: string, regex: boolean): (text: string) => boolean {
  if (regex) {
    const re = new RegExp(query, 'i');
    return (text) => re.test(capped(text));
  }
  const needle = query.toLowerCase();
  return (text) => capped(text).toLowerCase().includes(needle);
}

/** A line is tested only up to the cap of a line's text, whatever it holds. */
const capped = (text: string) => (text.length > LINE_CAP_BYTES ? text.slice(0, LINE_CAP_BYTES) : text);

export type CollectedMatch = { line: TLogLine; before: TLogLine[]; after: TLogLine[] };

/**
 * Collects the matches of one container's lines, read in order, with `context` lines before and after
 * each. Keeps the newest `limit` matches and counts them all.
 */
export class MatchCollector {
  readonly matches: CollectedMatch[] = [];
  total = 0;
  lines = 0;
  private recent: TLogLine[] = [];
  private open: CollectedMatch[] = [];

  constructor(
    private readonly test: (text: string) => boolean,
    private readonly context: number,
    private readonly limit: number,
  ) {}

  push(line: TLogLine): void {
    this.lines++;
    if (this.open.length > 0) {
      for (const m of this.open) m.after.push(line);
      this.open = this.open.filter((m) => m.after.length < this.context);
    }
    if (this.test(line.text)) {
      this.total++;
      const match: CollectedMatch = { line, before: [...this.recent], after: [] };
      this.matches.push(match);
      if (this.matches.length > this.limit) this.matches.shift();
      if (this.context > 0) this.open.push(match);
    }
    if (this.context > 0) {
      this.recent.push(line);
      if (this.recent.length > this.context) this.recent.shift();
    }
  }
}

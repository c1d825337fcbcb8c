/**
 * Log lines that are JSON objects (structured loggers), possibly after a prefix such as a timestamp:
 * a cheap test for every line, and the parse and pretty-print only when someone asks. Pure.
 */

/** Past this a line is not offered for pretty-printing: the parse would stall the page. */
export const JSON_MAX_CHARS = 256 * 1024;

/**
 * Where the JSON object of a line starts, or -1: the line (trailing space ignored) ends with `}` and
 * holds a `{` that is the first character or follows a space. Cheap: no parse.
 */
export function jsonStart(text: string): number {
  if (text.length < 2 || text.length > JSON_MAX_CHARS) return -1;
  let end = text.length - 1;
  while (end > 0 && /\s/.test(text[end] as string)) end--;
  if (text[end] !== '}') return -1;
  let start = 0;
  while (start < end && /\s/.test(text[start] as string)) start++;
  if (text[start] === '{') return start;
  // A prefix: `2026-11-26T03:00:00Z {"level":"info"}`, `app | {…}`.
  const at = text.indexOf(' {');
  return at >= 0 && at < end ? at + 1 : -1;
}

export function looksLikeJson(text: string): boolean {
  return jsonStart(text) >= 0;
}

export type TJsonLine = { prefix: string; value: Record<string, unknown>; pretty: string };

/** The line's prefix and its JSON object pretty-printed with two-space indents, or null if it is not one. */
export function parseJsonLine(text: string): TJsonLine | null {
  const start = jsonStart(text);
  if (start < 0) return null;
  try {
    const value: unknown = JSON.parse(text.slice(start));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    return {
      prefix: text.slice(0, start).trimEnd(),
      value: value as Record<string, unknown>,
      pretty: JSON.stringify(value, null, 2),
    };
  } catch {
    return null;
  }
}

/**
 * Docker's log timestamps (RFC 3339 with up to nanoseconds, trailing zeros trimmed) as keys that sort
 * as text, as the Unix seconds the API takes, and as what a person reads; and the times a person types
 * into "jump to". Pure.
 */

const RFC3339_UTC = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/** `2026-11-26T03:00:00.120000000Z`: nanoseconds always nine digits, UTC, so keys compare as strings. Empty if unreadable. */
export function tsKey(ts: string): string {
  const m = RFC3339_UTC.exec(ts);
  if (m) return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}Z`;
  if (!ts) return '';
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return '';
  // An offset other than Z: keep what the fraction had beyond milliseconds.
  const frac = /\.(\d{1,9})/.exec(ts)?.[1] ?? '';
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac.padEnd(9, '0')}Z`;
}

/** The key of a time given in milliseconds since the epoch. */
export function msKey(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}000000Z`;
}

/** A key as Unix seconds with the fraction (`1764126000.120000000`), the form `since` takes without loss. */
export function keySeconds(key: string): string {
  const m = /^(.{19})\.(\d{9})Z$/.exec(key);
  if (!m) return '0';
  return `${Math.floor(Date.parse(`${m[1]}Z`) / 1000)}.${m[2]}`;
}

/** A key moved back by whole milliseconds (for a reconnect's overlap window). */
export function keyMinusMs(key: string, ms: number): string {
  const m = /^(.{19})\.(\d{3})(\d{6})Z$/.exec(key);
  if (!m) return key;
  const at = Date.parse(`${m[1]}.${m[2]}Z`) - ms;
  return `${new Date(at).toISOString().slice(0, 23)}${m[3]}Z`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2026-11-26 03:00:00.120` in the browser's zone, or in UTC; empty for no timestamp. */
export function formatLogTime(ts: string, utc: boolean): string {
  const key = tsKey(ts);
  if (!key) return '';
  const d = new Date(Date.parse(`${key.slice(0, 23)}Z`));
  const [Y, M, D, h, m, s] = utc
    ? [
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
        d.getUTCSeconds(),
      ]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  return `${Y}-${pad(M)}-${pad(D)} ${pad(h)}:${pad(m)}:${pad(s)}.${key.slice(20, 23)}`;
}

export type TTimeInput = { key: string; error: null } | { key: null; error: string };

/**
 * A time typed by a person: `2026-11-26 03:00[:15[.250]]`, `03:00[:15]` (today), an RFC 3339 time with
 * a zone, or Unix seconds. Without a zone it is read in the browser's zone, or in UTC when `utc`.
 */
export function parseTimeInput(input: string, utc: boolean, now: Date = new Date()): TTimeInput {
  const text = input.trim();
  if (!text) return { key: null, error: 'type a time, such as 03:00 or 2026-11-26 03:00:15' };
  if (/^\d{9,10}(\.\d+)?$/.test(text)) return { key: msKey(Number(text) * 1000), error: null };
  if (/[zZ]$|[+-]\d\d:?\d\d$/.test(text) && /^\d{4}-/.test(text)) {
    const ms = Date.parse(text.replace(' ', 'T'));
    if (!Number.isNaN(ms)) return { key: msKey(ms), error: null };
  }
  const m = /^(?:(\d{4})-(\d\d)-(\d\d)[ T])?(\d{1,2}):(\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?$/.exec(text);
  if (!m) return { key: null, error: 'not a time: use 03:00, 03:00:15 or 2026-11-26 03:00:15' };
  const [, y, mo, d, h, mi, s, ms] = m;
  const parts = {
    year: y ? Number(y) : utc ? now.getUTCFullYear() : now.getFullYear(),
    month: (mo ? Number(mo) : (utc ? now.getUTCMonth() : now.getMonth()) + 1) - 1,
    day: d ? Number(d) : utc ? now.getUTCDate() : now.getDate(),
    hour: Number(h),
    minute: Number(mi),
    second: s ? Number(s) : 0,
    milli: ms ? Number(ms.padEnd(3, '0')) : 0,
  };
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59 || parts.month > 11 || parts.day > 31)
    return { key: null, error: 'not a time: hours 0–23, minutes and seconds 0–59' };
  const at = utc
    ? Date.UTC(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.milli)
    : new Date(
        parts.year,
        parts.month,
        parts.day,
        parts.hour,
        parts.minute,
        parts.second,
        parts.milli,
      ).getTime();
  if (Number.isNaN(at)) return { key: null, error: 'not a time' };
  return { key: msKey(at), error: null };
}

/**
 * The index of the first item at or after the key, by binary search over items sorted by key (items
 * without a key sort with the one before them); `items.length` when none is.
 */
export function firstAtOrAfter<T>(items: readonly T[], keyOf: (item: T) => string, key: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    let k = keyOf(items[mid] as T);
    // A row without a time (a notice): look back for the nearest one that has one.
    for (let j = mid - 1; k === '' && j >= lo; j--) k = keyOf(items[j] as T);
    if (k !== '' && k < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

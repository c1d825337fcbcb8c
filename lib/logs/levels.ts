/**
 * The level of a log line, read from the forms programs write it in: `ERROR`, `[warn]`, `level=info`,
 * `lvl=debug`, `"level":"debug"`, `"severity":"ERROR"`, pino's numeric `"level":30`, also inside JSON
 * lines. The stream alone says nothing: plenty of programs write every line to stderr. Pure.
 */

export const LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type TLogLevel = (typeof LEVELS)[number];

/** How severe a level is; higher is worse. */
export const LEVEL_RANK: Record<TLogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

const NAMES: Record<string, TLogLevel> = {
  error: 'error',
  err: 'error',
  eror: 'error',
  fatal: 'error',
  panic: 'error',
  crit: 'error',
  critical: 'error',
  alert: 'error',
  emerg: 'error',
  emergency: 'error',
  severe: 'error',
  warn: 'warn',
  warning: 'warn',
  wrn: 'warn',
  info: 'info',
  inf: 'info',
  information: 'info',
  notice: 'info',
  debug: 'debug',
  dbg: 'debug',
  trace: 'trace',
  trc: 'trace',
  verbose: 'trace',
};

/** pino and bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function fromNumber(n: number): TLogLevel | null {
  if (n >= 50) return 'error';
  if (n >= 40) return 'warn';
  if (n >= 30) return 'info';
  if (n >= 20) return 'debug';
  if (n >= 10) return 'trace';
  return null;
}

export function levelFromName(name: string): TLogLevel | null {
  return NAMES[name.toLowerCase()] ?? null;
}

/** Lines can be 64 KiB; the level is near the start when it is there at all. */
const SCAN_CHARS = 2000;

const KEYS = 'level|lvl|severity|loglevel|log\\.level|levelname|log_level';
/** `"level":"warn"`, `"severity": "ERROR"`, `"level":30`. */
const JSON_KEY = new RegExp(`"(?:${KEYS})"\\s*:\\s*(?:"([A-Za-z]+)"|(\\d+))`, 'i');
/** `level=info`, `lvl="warn"`, `severity=ERROR`. */
const LOGFMT_KEY = new RegExp(`(?:^|[\\s,;{(])(?:${KEYS})=["']?([A-Za-z]+)`, 'i');
/** `[warn]`, `[ERROR]`, `<info>`, `(debug)`. */
const BRACKETED =
  /[[<(](error|err|fatal|panic|crit|critical|warn|warning|info|notice|debug|dbg|trace|wrn|inf)[\])>]/i;
/** A bare upper-case word: `ERROR`, `WARN`, `INFO`, `DEBUG`, `TRACE`, `FATAL`, `CRITICAL`, `PANIC`. */
const BARE =
  /(?:^|[^A-Za-z0-9_])(ERROR|ERR|WARN|WARNING|INFO|NOTICE|DEBUG|TRACE|FATAL|CRIT|CRITICAL|PANIC|SEVERE)(?![A-Za-z0-9_])/;
/** `E1126 03:00:00.000000 …`, the klog/glog prefix. */
const KLOG = /^([EWID])\d{4} \d\d:\d\d:\d\d/;
/** `Error: …`, `TypeError: …`, `Traceback (most recent call last):`, `panic: …` at a line's start. */
const EXCEPTION = /^\s*(?:[A-Z]\w*(?:Error|Exception)|Error|Traceback \(most recent call last\)|panic):/;

const KLOG_LEVELS: Record<string, TLogLevel> = { E: 'error', W: 'warn', I: 'info', D: 'debug' };

/** The level of one line (its text without ANSI sequences), or null when it says none. */
export function detectLevel(text: string): TLogLevel | null {
  const head = text.length > SCAN_CHARS ? text.slice(0, SCAN_CHARS) : text;
  const json = JSON_KEY.exec(head);
  if (json) {
    const level = json[1] !== undefined ? levelFromName(json[1]) : fromNumber(Number(json[2]));
    if (level) return level;
  }
  const logfmt = LOGFMT_KEY.exec(head);
  if (logfmt?.[1]) {
    const level = levelFromName(logfmt[1]);
    if (level) return level;
  }
  const klog = KLOG.exec(head);
  if (klog?.[1]) return KLOG_LEVELS[klog[1]] ?? null;
  const bracketed = BRACKETED.exec(head);
  const bare = BARE.exec(head);
  // The earliest of a bracketed and a bare level word: `INFO retrying after ERROR` is info.
  const first =
    bracketed && bare
      ? bracketed.index <= bare.index
        ? bracketed[1]
        : bare[1]
      : (bracketed?.[1] ?? bare?.[1]);
  if (first) {
    const level = levelFromName(first);
    if (level) return level;
  }
  if (EXCEPTION.test(head)) return 'error';
  return null;
}

/** Whether a line of this level passes a "this level and worse" filter; null (no filter) passes all. */
export function passesLevel(level: TLogLevel | null, atLeast: TLogLevel | null): boolean {
  if (atLeast === null) return true;
  if (level === null) return false;
  return LEVEL_RANK[level] >= LEVEL_RANK[atLeast];
}

import { z } from 'zod';

/** A time as RFC 3339 or Unix seconds, turned into Unix seconds (what the Engine API takes). */
export const ZLogTime = z
  .string()
  .trim()
  .max(40)
  .transform((value, ctx) => {
    const unix = /^\d{1,12}(\.\d{1,9})?$/.test(value);
    const rfc3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/i.test(value);
    const seconds = unix ? Number(value) : rfc3339 ? Date.parse(value) / 1000 : Number.NaN;
    if (!Number.isFinite(seconds) || seconds < 0) {
      ctx.addIssue({ code: 'custom', message: 'a time is RFC 3339 (2026-11-26T03:00:00Z) or Unix seconds' });
      return z.NEVER;
    }
    return seconds;
  });

export const LOG_TAIL_MAX = 100_000;

export const ZLogQuery = z
  .object({
    tail: z
      .union([z.literal('all'), z.coerce.number().int().min(0).max(LOG_TAIL_MAX)], {
        error: `tail is a number of lines from 0 to ${LOG_TAIL_MAX}, or all`,
      })
      .default(500),
    since: ZLogTime.optional(),
    until: ZLogTime.optional(),
    stream: z.enum(['all', 'stdout', 'stderr'], { error: 'stream is stdout, stderr or all' }).default('all'),
    follow: z.enum(['true', 'false']).optional(),
    /** Only lines containing this text (case-insensitive). */
    q: z.string().max(500).optional(),
  })
  .refine((q) => q.since === undefined || q.until === undefined || q.since < q.until, {
    message: 'since is before until',
    path: ['until'],
  });
export type TLogQuery = z.output<typeof ZLogQuery>;

export const LOG_SEARCH_CONTEXT_MAX = 20;
export const LOG_SEARCH_LIMIT_MAX = 2000;

/** A search over the logs of a service's or a host's containers; the window is checked on the server. */
export const ZLogSearchQuery = z
  .object({
    q: z.string({ error: 'q is the text to search for' }).min(1, 'q is the text to search for').max(500),
    regex: z.enum(['true', 'false'], { error: 'regex is true or false' }).default('false'),
    since: ZLogTime.optional(),
    until: ZLogTime.optional(),
    context: z.coerce.number().int().min(0).max(LOG_SEARCH_CONTEXT_MAX).default(2),
    limit: z.coerce.number().int().min(1).max(LOG_SEARCH_LIMIT_MAX).default(200),
  })
  .refine((q) => q.since === undefined || q.until === undefined || q.since < q.until, {
    message: 'since is before until',
    path: ['until'],
  });
export type TLogSearchQuery = z.output<typeof ZLogSearchQuery>;

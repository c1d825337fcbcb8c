import 'server-only';
import { AppError } from '@/lib/errors';
import { tsKey } from '@/lib/logs/merge';
import { lineMatcher, MatchCollector, unsafeRegexReason } from '@/lib/logs/search';
import { mapLimit } from '@/lib/map-limit';
import type { TLogSearchQuery } from '@/lib/schemas/logs';
import type { TLogMatch, TLogSearchResult } from '@/lib/types/logs';
import type { HostConnection } from '../docker/client';
import { listContainers } from '../docker/containers';
import { getEnv } from '../env';
import { connectionFor } from '../hosts/store';
import { serviceContainers } from '../releases/host-ops';
import type { ServiceRecord } from '../services/store';
import { type LogReader, logTarget, readContainerLogs } from './container-logs';

/** The default window of a search: the last 15 minutes. */
export const SEARCH_DEFAULT_SECONDS = 15 * 60;
/** Containers read at once by one search. */
const PARALLEL = 8;

type Candidate = { conn: HostConnection; id: string; name: string };
type Searched = TLogSearchResult['searched'][number];

/** The window and the line test of a search, refused with 400 when the window is too long or the regex unsafe. */
export function searchPlan(query: TLogSearchQuery, now = Date.now() / 1000) {
  const until = query.until ?? now;
  const since = query.since ?? until - SEARCH_DEFAULT_SECONDS;
  if (since >= until) throw new AppError('BAD_INPUT', 'since is before until');
  const maxHours = getEnv().WHARF_LOG_SEARCH_MAX_HOURS;
  if (until - since > maxHours * 3600)
    throw new AppError('BAD_INPUT', `a search covers at most ${maxHours} hours: narrow since and until`);
  const regex = query.regex === 'true';
  if (regex) {
    const reason = unsafeRegexReason(query.q);
    if (reason) throw new AppError('BAD_INPUT', reason);
  }
  return { since, until, regex, test: lineMatcher(query.q, regex) };
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads every candidate's log over the window, 8 at a time, and answers the matches with their
 * context, newest last. A container that cannot be read is listed with its error.
 */
async function runSearch(
  candidates: Candidate[],
  failed: Searched[],
  query: TLogSearchQuery,
  signal: AbortSignal,
): Promise<TLogSearchResult> {
  const plan = searchPlan(query);
  const readers = new Set<LogReader>();
  const abort = () => {
    for (const r of readers) r.close();
  };
  signal.addEventListener('abort', abort);
  try {
    const results = await mapLimit(candidates, PARALLEL, async (c) => {
      const collector = new MatchCollector(plan.test, query.context, query.limit);
      const searched: Searched = { host: c.conn.name, container: c.name, lines: 0 };
      if (signal.aborted)
        return { c, collector, searched: { ...searched, error: 'the search was cancelled' } };
      try {
        const target = await logTarget(c.conn, c.id);
        const reader = await readContainerLogs(
          c.conn,
          target,
          { tail: 'all', since: plan.since, until: plan.until, streams: 'all', follow: false },
          (line) => collector.push(line),
        );
        readers.add(reader);
        const { reason } = await reader.done;
        readers.delete(reader);
        if (reason !== 'end of the range') searched.error = reason;
      } catch (error) {
        searched.error = message(error);
      }
      searched.lines = collector.lines;
      return { c, collector, searched };
    });
    const all: (TLogMatch & { key: string })[] = [];
    let total = 0;
    for (const { c, collector } of results) {
      total += collector.total;
      for (const m of collector.matches)
        all.push({ host: c.conn.name, container: c.name, ...m, key: tsKey(m.line.ts) });
    }
    all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return {
      query: query.q,
      regex: plan.regex,
      since: new Date(plan.since * 1000).toISOString(),
      until: new Date(plan.until * 1000).toISOString(),
      matches: all.slice(-query.limit).map(({ key: _key, ...m }) => m),
      truncated: total > query.limit,
      searched: [...failed, ...results.map((r) => r.searched)],
    };
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

/** Searches every container of a service on its hosts, running or not. */
export async function searchServiceLogs(
  record: ServiceRecord,
  query: TLogSearchQuery,
  signal: AbortSignal,
): Promise<TLogSearchResult> {
  searchPlan(query);
  const failed: Searched[] = [];
  const perHost = await Promise.all(
    record.spec.hosts.map(async (host): Promise<Candidate[]> => {
      try {
        const conn = await connectionFor(host);
        const list = await serviceContainers(conn, record.spec);
        return list.map((c) => ({
          conn,
          id: c.Id,
          name: (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, ''),
        }));
      } catch (error) {
        failed.push({ host, container: '*', lines: 0, error: message(error) });
        return [];
      }
    }),
  );
  return runSearch(perHost.flat(), failed, query, signal);
}

/** Searches every container of a host, running or not. */
export async function searchHostLogs(
  conn: HostConnection,
  query: TLogSearchQuery,
  signal: AbortSignal,
): Promise<TLogSearchResult> {
  searchPlan(query);
  const list = await listContainers(conn);
  return runSearch(
    list.map((c) => ({ conn, id: c.id, name: c.name })),
    [],
    query,
    signal,
  );
}

/** Shapes of log streams, shared by the server and the browser. */

export type TLogStream = 'stdout' | 'stderr';

/** One line of a container's log. Text is untrusted: render it as text. */
export type TLogLine = {
  /** Docker's timestamp, RFC 3339 with nanoseconds; empty if the engine sent none. */
  ts: string;
  stream: TLogStream;
  text: string;
  /** Bytes dropped from a line longer than the cap; the viewer shows a marker. */
  cut?: number;
  /** On a merged service stream: where the line comes from. */
  host?: string;
  container?: string;
};

export type TLogMarkerKind = 'release' | 'rollback' | 'start' | 'die' | 'oom' | 'health' | 'restart';

/** Something that happened at a time, shown between lines: a release, or a Docker event of a container. */
export type TLogMarker = {
  ts: string;
  kind: TLogMarkerKind;
  message: string;
  host?: string;
  container?: string;
  releaseId?: string;
  exitCode?: number;
};

/**
 * The Server-Sent Events of a log stream, by event name:
 * - `lines`: `{ lines: TLogLine[] }`, in order, sent in batches
 * - `skipped`: `{ count }`, lines dropped because the client fell behind
 * - `marker`: a TLogMarker
 * - `sources`: `{ containers: TLogSource[] }`, what a merged stream reads
 * - `end`: `{ reason }`, the stream ended (the container stopped, `until` reached)
 * - `error`: `{ message }`
 */
export type TLogSource = { host: string; id: string; name: string; state: string };

export type TLogSseEvent =
  | { event: 'lines'; data: { lines: TLogLine[] } }
  | { event: 'skipped'; data: { count: number } }
  | { event: 'marker'; data: TLogMarker }
  | { event: 'sources'; data: { containers: TLogSource[] } }
  | { event: 'end'; data: { reason: string } }
  | { event: 'error'; data: { message: string } };

/** A match of a log search, with the lines around it. */
export type TLogMatch = {
  host: string;
  container: string;
  line: TLogLine;
  before: TLogLine[];
  after: TLogLine[];
};

export type TLogSearchResult = {
  query: string;
  regex: boolean;
  since: string;
  until: string;
  matches: TLogMatch[];
  /** True when there were more matches than the limit. */
  truncated: boolean;
  searched: { host: string; container: string; lines: number; error?: string }[];
};

/** Whether the Engine API can read a container's logs with its log driver. */
export type TLogReadability = { readable: boolean; message: string | null };

/** A container's log driver and options as the host's log settings list them. */
export type TContainerLogSettings = {
  id: string;
  name: string;
  state: string;
  driver: string;
  options: Record<string, string>;
  /** json-file logs with no max-size: they grow until the disk is full. */
  unbounded: boolean;
  readable: TLogReadability;
};

export type THostLogSettings = { containers: TContainerLogSettings[] };

/** Per host: how many containers have unbounded or unreadable logs; a host that did not answer has its error. */
export type TFleetLogSettings = {
  hosts: {
    host: { id: string; name: string };
    ok: boolean;
    containers: number;
    unbounded: number;
    unreadable: number;
    error?: { code: string; message: string };
  }[];
};

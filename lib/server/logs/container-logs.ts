import 'server-only';
import type { IncomingMessage } from 'node:http';
import { AppError } from '@/lib/errors';
import { type DecodedLine, LogDecoder } from '@/lib/logs/decoder';
import { logReadability } from '@/lib/logs/readability';
import type { TLogStream } from '@/lib/types/logs';
import { getDocker, getStreamDocker, type HostConnection, withDeadline } from '../docker/client';
import { describeDockerError } from '../docker/errors';

export type LogRange = {
  /** Lines from the end to start with; `all` for every line in range. */
  tail: number | 'all';
  /** Unix seconds (fractions allowed). */
  since?: number;
  until?: number;
  streams: 'all' | TLogStream;
  follow: boolean;
};

export type LogTarget = { id: string; name: string; tty: boolean; running: boolean; driver: string };

/** The container's facts a log reader needs; refuses a driver the API cannot read, with the reason. */
export async function logTarget(conn: HostConnection, ref: string): Promise<LogTarget> {
  const info = await withDeadline(conn, 'inspect container', (abortSignal) =>
    getDocker(conn).getContainer(ref).inspect({ abortSignal }),
  );
  const log = info.HostConfig.LogConfig ?? { Type: 'json-file', Config: {} };
  const readable = logReadability(log.Type, log.Config ?? {});
  if (!readable.readable)
    throw new AppError('CONFLICT', `${conn.name}/${info.Name.replace(/^\//, '')}: ${readable.message}`);
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    tty: info.Config.Tty === true,
    running: info.State.Running,
    driver: log.Type,
  };
}

export type LogReader = { close: () => void; done: Promise<{ reason: string }> };

/**
 * Reads a container's log as lines, with Docker's timestamps, handing each to `onLine`. `pause` and
 * `resume` let a slow consumer hold the engine back. Closing (or the signal) destroys the engine's
 * stream at once; `done` settles when the engine ends the stream or it is closed.
 */
export async function readContainerLogs(
  conn: HostConnection,
  target: LogTarget,
  range: LogRange,
  onLine: (line: DecodedLine) => void,
): Promise<LogReader & { pause: () => void; resume: () => void }> {
  const controller = new AbortController();
  const options = {
    follow: range.follow,
    stdout: range.streams !== 'stderr',
    stderr: range.streams !== 'stdout',
    timestamps: true,
    tail: range.tail === 'all' ? 'all' : String(range.tail),
    ...(range.since !== undefined ? { since: range.since } : {}),
    ...(range.until !== undefined ? { until: range.until } : {}),
  };
  let stream: IncomingMessage;
  try {
    // Only the answer's headers are under the host's deadline; a followed stream then runs on.
    // Dialled as a stream even when not followed: dockerode would buffer a whole range in memory.
    stream = await withDeadline(
      conn,
      'open logs',
      () =>
        new Promise<IncomingMessage>((resolve, reject) => {
          (range.follow ? getStreamDocker(conn) : getDocker(conn)).modem.dial(
            {
              path: `/containers/${encodeURIComponent(target.id)}/logs?`,
              method: 'GET',
              abortSignal: controller.signal,
              isStream: true,
              statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
              options,
            },
            (error: unknown, data: unknown) => (error ? reject(error) : resolve(data as IncomingMessage)),
          );
        }),
    );
  } catch (error) {
    const e = describeDockerError(error, conn.name);
    if (/does not support reading/i.test(e.message))
      throw new AppError(
        'CONFLICT',
        `${conn.name}/${target.name}: the log driver ${target.driver} cannot be read through Docker`,
      );
    throw e;
  }
  const decoder = new LogDecoder({ tty: target.tty, onLine });
  let closed = false;
  const done = new Promise<{ reason: string }>((resolve) => {
    stream.on('data', (chunk: Buffer) => decoder.push(chunk));
    stream.on('end', () => {
      decoder.end();
      resolve({ reason: range.follow ? 'the container stopped' : 'end of the range' });
    });
    stream.on('error', (error) => {
      decoder.end();
      resolve({ reason: closed ? 'closed' : `${conn.name}: the log stream broke: ${error.message}` });
    });
    stream.on('close', () => resolve({ reason: closed ? 'closed' : 'the engine closed the stream' }));
  });
  const close = () => {
    if (closed) return;
    closed = true;
    controller.abort();
    stream.destroy();
  };
  return { close, done, pause: () => stream.pause(), resume: () => stream.resume() };
}

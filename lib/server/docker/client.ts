import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { inspect } from 'node:util';
import Docker from 'dockerode';
import { AppError } from '@/lib/errors';
import { describeDockerError } from './errors';

/** What it takes to reach one engine. */
export type HostConnection = {
  id: string;
  name: string;
  url: string;
  tls: { ca: string; cert: string; key: string } | null;
  timeoutMs: number;
  /** Changes whenever the stored host changes, so a stale client is never reused. */
  version: string;
};

type CachedClient = { version: string; docker: Docker; agent: http.Agent };
const globalForDocker = globalThis as unknown as {
  wharfDockerClients?: Map<string, CachedClient>;
  wharfStreamClients?: Map<string, CachedClient>;
};
globalForDocker.wharfDockerClients ??= new Map();
globalForDocker.wharfStreamClients ??= new Map();
const clients = globalForDocker.wharfDockerClients;
const streamClients = globalForDocker.wharfStreamClients;

/** Calls share a few kept-alive sockets; long streams (followed logs) each hold their own, without a cap. */
type Pooling = 'calls' | 'streams';
const agentOptions = (pooling: Pooling) =>
  pooling === 'calls'
    ? { keepAlive: true, maxSockets: 32 }
    : { keepAlive: false, maxSockets: Number.POSITIVE_INFINITY };

/**
 * docker-modem formats each request's options, agent included, with `util.inspect(..., { showHidden,
 * depth: null })` for a debug line even when debugging is off. A keep-alive agent with open sockets
 * takes several milliseconds of CPU to walk, on every call; a short custom inspection avoids that.
 */
function quietAgent<A extends http.Agent>(agent: A): A {
  Object.defineProperty(agent, inspect.custom, { value: () => `[${agent.constructor.name}]` });
  return agent;
}

function buildClient(conn: HostConnection, pooling: Pooling = 'calls'): CachedClient {
  const url = new URL(conn.url);
  if (url.protocol === 'unix:') {
    const agent = quietAgent(new http.Agent(agentOptions(pooling)));
    return {
      version: conn.version,
      agent,
      docker: new Docker({ socketPath: url.pathname, agent } as Docker.DockerOptions),
    };
  }
  if (url.protocol !== 'tcp:') throw new AppError('BAD_INPUT', `unsupported host URL ${conn.url}`);
  const port = Number(url.port);
  if (conn.tls) {
    const agent = quietAgent(
      new https.Agent({
        ...agentOptions(pooling),
        ca: conn.tls.ca,
        cert: conn.tls.cert,
        key: conn.tls.key,
      }),
    );
    const docker = new Docker({
      host: url.hostname,
      port,
      protocol: 'https',
      ca: conn.tls.ca,
      cert: conn.tls.cert,
      key: conn.tls.key,
      agent,
    } as Docker.DockerOptions);
    return { version: conn.version, agent, docker };
  }
  const agent = quietAgent(new http.Agent(agentOptions(pooling)));
  return {
    version: conn.version,
    agent,
    docker: new Docker({ host: url.hostname, port, protocol: 'http', agent } as Docker.DockerOptions),
  };
}

/** The one place that builds a Docker client: one long-lived client per host. */
export function getDocker(conn: HostConnection): Docker {
  const cached = clients.get(conn.id);
  if (cached && cached.version === conn.version) return cached.docker;
  cached?.agent.destroy();
  const fresh = buildClient(conn);
  clients.set(conn.id, fresh);
  return fresh.docker;
}

/** The client for long streams of a host (followed logs): one socket per stream, no cap. */
export function getStreamDocker(conn: HostConnection): Docker {
  const cached = streamClients.get(conn.id);
  if (cached && cached.version === conn.version) return cached.docker;
  cached?.agent.destroy();
  const fresh = buildClient(conn, 'streams');
  streamClients.set(conn.id, fresh);
  return fresh.docker;
}

/** A client for a host that is not saved yet; the caller closes it. */
export function temporaryDocker(conn: HostConnection): { docker: Docker; close: () => void } {
  const built = buildClient(conn);
  return { docker: built.docker, close: () => built.agent.destroy() };
}

export function forgetDocker(hostId: string): void {
  clients.get(hostId)?.agent.destroy();
  clients.delete(hostId);
  streamClients.get(hostId)?.agent.destroy();
  streamClients.delete(hostId);
}

/**
 * Runs one Docker call under the host's deadline. The signal aborts the request; the race makes sure
 * the caller gets an answer at the deadline even if a library ignores the signal.
 */
export async function withDeadline<T>(
  conn: Pick<HostConnection, 'name' | 'timeoutMs'>,
  what: string,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new AppError(
          'HOST_TIMEOUT',
          `${conn.name}: timed out: no answer within ${conn.timeoutMs} ms (${what})`,
        ),
      );
    }, conn.timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } catch (error) {
    if (controller.signal.aborted) {
      throw new AppError(
        'HOST_TIMEOUT',
        `${conn.name}: timed out: no answer within ${conn.timeoutMs} ms (${what})`,
      );
    }
    throw describeDockerError(error, conn.name);
  } finally {
    clearTimeout(timer);
  }
}

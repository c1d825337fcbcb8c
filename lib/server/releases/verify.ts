import 'server-only';
import http from 'node:http';
import net from 'node:net';
import type { TServiceSpec } from '@/lib/schemas/services';
import type { HostConnection } from '../docker/client';
import { inspectOrNull } from './host-ops';

const POLL_MS = 500;
const PROBE_TIMEOUT_MS = 2000;
/** A container without any health check counts as up once it ran this long without a restart. */
const STABLE_MS = 3000;
const RESUME_GRACE_MS = 5000;

export type Verdict = { ok: boolean; message: string };

/** Where Wharf reaches the host's published ports: the engine's address, or 127.0.0.1 for a local socket. */
export function hostAddress(conn: Pick<HostConnection, 'url'>): string {
  const url = new URL(conn.url);
  return url.protocol === 'tcp:' ? url.hostname.replace(/^\[|\]$/g, '') : '127.0.0.1';
}

/** The address and port a probe of the health check's container port goes to. */
export function probeTarget(
  conn: Pick<HostConnection, 'url'>,
  spec: Pick<TServiceSpec, 'ports' | 'network' | 'healthcheck'>,
): { host: string; port: number } | null {
  const port = spec.healthcheck.port;
  if (port === undefined) return null;
  if (spec.network === 'host') return { host: hostAddress(conn), port };
  const published = spec.ports.find((p) => p.container === port && p.proto === 'tcp');
  if (!published) return null;
  const ip = published.hostIp.replace(/^\[|\]$/g, '');
  const specific = ip !== '' && ip !== '0.0.0.0' && ip !== '::';
  return { host: specific ? ip : hostAddress(conn), port: published.host };
}

function httpProbe(target: { host: string; port: number }, path: string): Promise<Verdict> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: target.host, port: target.port, path, timeout: PROBE_TIMEOUT_MS, agent: false },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({ ok: status >= 200 && status < 400, message: `GET ${path} answered ${status}` });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)));
    req.on('error', (e) =>
      resolve({ ok: false, message: `GET ${path} on ${target.host}:${target.port}: ${e.message}` }),
    );
  });
}

function tcpProbe(target: { host: string; port: number }): Promise<Verdict> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port, timeout: PROBE_TIMEOUT_MS });
    const done = (v: Verdict) => {
      socket.destroy();
      resolve(v);
    };
    socket.on('connect', () =>
      done({ ok: true, message: `TCP ${target.host}:${target.port} accepts connections` }),
    );
    socket.on('timeout', () => done({ ok: false, message: `TCP ${target.host}:${target.port}: no answer` }));
    socket.on('error', (e) =>
      done({ ok: false, message: `TCP ${target.host}:${target.port}: ${e.message}` }),
    );
  });
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Waits until the container is healthy, by the spec's check, before the deadline: Docker's own health
 * status, an HTTP GET or a TCP connect through the published port. A container that exits or restarts
 * fails at once. Answers a verdict; a host that stops answering is a failure, not a hang.
 */
export async function verifyContainer(
  conn: HostConnection,
  id: string,
  spec: Pick<TServiceSpec, 'ports' | 'network' | 'healthcheck'>,
  options: {
    signal?: AbortSignal;
    onProgress?: (message: string) => void;
    /** When the container started, if before now (a reconcile resumes a verification). */
    startedAt?: number;
  } = {},
): Promise<Verdict> {
  const hc = spec.healthcheck;
  const started = options.startedAt ?? Date.now();
  // A resumed verification keeps its deadline, with a few seconds to look at the container once more.
  const deadline = Math.max(started + hc.deadlineSeconds * 1000, Date.now() + RESUME_GRACE_MS);
  const target = hc.type === 'docker' ? null : probeTarget(conn, spec);
  if (hc.type !== 'docker' && !target)
    return { ok: false, message: `the ${hc.type} check's port ${hc.port} is not published` };
  let last = 'waiting for the container';
  let restarts: number | null = null;
  while (!options.signal?.aborted) {
    let info: Awaited<ReturnType<typeof inspectOrNull>>;
    try {
      info = await inspectOrNull(conn, id);
    } catch (error) {
      return { ok: false, message: `the engine stopped answering: ${(error as Error).message}` };
    }
    if (!info) return { ok: false, message: 'the container is gone' };
    const state = info.State;
    restarts ??= info.RestartCount ?? 0;
    if (state.Restarting || (info.RestartCount ?? 0) > restarts)
      return { ok: false, message: `the container is restarting (exit code ${state.ExitCode})` };
    if (!state.Running)
      return {
        ok: false,
        message: `the container exited with code ${state.ExitCode}${state.OOMKilled ? ' (killed: out of memory)' : ''}`,
      };
    if (hc.type === 'docker') {
      const health = state.Health;
      if (!health) {
        if (Date.now() - started >= Math.max(STABLE_MS, hc.startPeriodSeconds * 1000))
          return { ok: true, message: 'running without restarts; the image has no HEALTHCHECK' };
        last = 'running; the image has no HEALTHCHECK';
      } else if (health.Status === 'healthy') return { ok: true, message: 'Docker reports healthy' };
      else if (health.Status === 'unhealthy') {
        const output = health.Log?.at(-1)?.Output?.trim().slice(0, 300) ?? '';
        return { ok: false, message: `Docker reports unhealthy${output ? `: ${output}` : ''}` };
      } else last = 'Docker health: starting';
    } else if (target) {
      const verdict = hc.type === 'http' ? await httpProbe(target, hc.path ?? '/') : await tcpProbe(target);
      if (verdict.ok) return verdict;
      last = verdict.message;
    }
    options.onProgress?.(last);
    if (Date.now() >= deadline)
      return { ok: false, message: `not healthy within ${hc.deadlineSeconds} s (last: ${last})` };
    await wait(Math.min(POLL_MS, Math.max(0, deadline - Date.now())), options.signal);
  }
  return { ok: false, message: 'verification was stopped' };
}

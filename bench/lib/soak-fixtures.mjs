// What the soak benchmark makes and reads besides the bench containers: containers that print numbered
// log lines for the followed streams, the removal of everything it labelled, and the lines the
// event-loop probe (event-loop-probe.cjs) writes from inside the Wharf server.
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { send, sendJson } from './http.mjs';
import { removeMarked } from './log-fixtures.mjs';

/** The label on every container the soak bench makes (log printers and the released service's). */
export const SOAK_MARK = 'wharf-bench.soak';

/** The probe's absolute path, for `NODE_OPTIONS=--require <path>`. */
export const PROBE_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'event-loop-probe.cjs');

/**
 * A host port for the released service: random in [from, to) (below the ephemeral range and the ranges
 * the tests and other benches use) and free on 127.0.0.1 right now.
 */
export async function freePort(from = 29_500, to = 30_000) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    const free = await new Promise((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to - 1} on 127.0.0.1`);
}

/** Creates and starts a container through the engine's socket, labelled for this run; answers its id. */
export async function runLabelled(engine, { name, image, cmd, run }) {
  const created = await sendJson(engine.socket, {
    method: 'POST',
    path: `/containers/create?name=${encodeURIComponent(name)}`,
    json: {
      Image: image,
      Cmd: cmd,
      Labels: { [SOAK_MARK]: run },
      HostConfig: {
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
        // Back after an engine restart (another process may restart the fleet's engines).
        RestartPolicy: { Name: 'unless-stopped' },
      },
    },
  });
  const id = created.data.Id;
  const started = await send(engine.socket, { method: 'POST', path: `/containers/${id}/start` });
  if (started.status !== 204 && started.status !== 304)
    throw new Error(`${engine.name}: start ${name} -> ${started.status} ${started.body}`);
  return id;
}

/** Removes every container carrying the soak label (of any run), running or not; answers how many. */
export const removeLabelled = (engine) => removeMarked(engine, SOAK_MARK);

/** The environment that loads the probe into a Node process and has it write to `file`. */
export function probeEnv(file, { intervalMs, inherited = process.env.NODE_OPTIONS }) {
  const require = `--require ${PROBE_PATH}`;
  return {
    NODE_OPTIONS: inherited ? `${inherited} ${require}` : require,
    BENCH_EVENT_LOOP_FILE: file,
    BENCH_EVENT_LOOP_INTERVAL_MS: String(intervalMs),
  };
}

/** Tells the probe which window to measure (epoch ms): it reads `<file>.window` at each interval. */
export function setProbeWindow(file, from, to) {
  return writeFile(`${file}.window`, JSON.stringify({ from, to }));
}

/** The probe's lines so far, of process `pid` only (npm's `npx` loads the probe too). */
export async function readProbe(file, pid) {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const lines = [];
  for (const l of text.split('\n')) {
    if (!l) continue;
    try {
      const line = JSON.parse(l);
      if (pid === null || line.pid === pid) lines.push(line);
    } catch {
      // a line being written
    }
  }
  return lines;
}

/** The pids that have written probe lines, with their line count (to show which processes loaded it). */
export async function probePids(file) {
  const counts = new Map();
  for (const l of await readProbe(file, null)) counts.set(l.pid, (counts.get(l.pid) ?? 0) + 1);
  return counts;
}

/**
 * The scheduler's account of a thread (`/proc/<pid>/task/<tid>/schedstat`): time on a CPU and time
 * waiting in a run queue for one, in ms, at epoch ms `at`. Null when the thread is gone.
 */
export async function readSchedstat(pid, tid = pid) {
  try {
    const text = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8');
    const [run, wait] = text.trim().split(/\s+/).map(Number);
    return { at: performance.timeOrigin + performance.now(), runMs: run / 1e6, waitMs: wait / 1e6 };
  } catch {
    return null;
  }
}

/** Shares of wall time a thread spent on a CPU and waiting for one, between two schedstat samples. */
export function schedShares(first, last) {
  if (!first || !last || last.at <= first.at) return { onCpu: Number.NaN, waiting: Number.NaN };
  const wall = last.at - first.at;
  return { onCpu: (last.runMs - first.runMs) / wall, waiting: (last.waitMs - first.waitMs) / wall };
}

/**
 * Watches the engines while the load runs: a /_ping on each socket and the dockerd pid from the fleet's
 * pid files every `everyMs`. Another process restarting an engine (the fault tests do) makes errors that
 * are the engine's absence, not Wharf's; the events say when. Answers `{ events, stop }`.
 */
export function watchEngines(engines, pidFiles, everyMs) {
  const events = [];
  const state = new Map();
  let stopped = false;
  const pidOf = async (name) => {
    try {
      return Number((await readFile(pidFiles?.[name] ?? '', 'utf8')).trim()) || null;
    } catch {
      return null;
    }
  };
  const check = async (e) => {
    const at = performance.timeOrigin + performance.now();
    const [pid, up] = await Promise.all([
      pidOf(e.name),
      send(e.socket, { path: '/_ping', timeoutMs: 2000 }).then(
        (r) => r.status === 200,
        () => false,
      ),
    ]);
    const before = state.get(e.name);
    if (before) {
      if (before.up && !up) events.push({ host: e.name, at, what: 'stopped answering /_ping' });
      if (!before.up && up) events.push({ host: e.name, at, what: 'answers /_ping again' });
      if (before.pid && pid && before.pid !== pid)
        events.push({ host: e.name, at, what: `dockerd restarted (pid ${before.pid} -> ${pid})` });
    }
    state.set(e.name, { pid: pid ?? before?.pid ?? null, up });
  };
  const loop = (async () => {
    while (!stopped) {
      await Promise.all(engines.map(check));
      const until = performance.now() + everyMs;
      while (!stopped && performance.now() < until) await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    events,
    stop: async () => {
      stopped = true;
      await loop;
      return events;
    },
  };
}

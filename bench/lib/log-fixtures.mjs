// What the logs benchmark makes, reads and checks: containers that write known lines, the docker CLI and
// the raw Engine API as floors, a Server-Sent Events client for Wharf's log streams, line checks, and the
// memory of the Wharf server's processes.
import { spawn } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import { send, sendJson } from './http.mjs';

/** The label on every container the logs bench makes. */
export const LOGS_MARK = 'wharf-bench.logs';

/** Wall clock in epoch milliseconds with sub-millisecond resolution. */
export const nowMs = () => performance.timeOrigin + performance.now();

// ------------------------------------------------------------------------------------------- lines

/** Every line is `NNNNNNNN stream filler`: 100 bytes before the newline. */
export const LINE_BYTES = 100;
const FILL = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(6);
const FILL_LEN = LINE_BYTES - 16;

/** The text of numbered line `i` (1-based) as the writer prints it; every tenth goes to stderr. */
export function expectedText(i, stderrEvery) {
  const stream = i % stderrEvery === 0 ? 'stderr' : 'stdout';
  const at = i % 26;
  return `${String(i).padStart(8, '0')} ${stream} ${FILL.slice(at, at + FILL_LEN)}`;
}

/** A busybox awk program that prints `lines` numbered lines, every `stderrEvery`-th on stderr, then exits. */
export function writerCommand(lines, stderrEvery) {
  const program = [
    'BEGIN {',
    `  f = "${FILL}";`,
    `  for (i = 1; i <= ${lines}; i++) {`,
    `    s = substr(f, (i % 26) + 1, ${FILL_LEN});`,
    `    if (i % ${stderrEvery} == 0) printf "%08d stderr %s\\n", i, s > "/dev/stderr";`,
    '    else printf "%08d stdout %s\\n", i, s;',
    '  }',
    '}',
  ].join('\n');
  return ['awk', program];
}

/**
 * A shell loop that prints `perTick` numbered lines (`tick NNNNNNNN k filler`), then sleeps `tickSeconds`,
 * for ever. The latency of a line is measured from Docker's timestamp of it (the engine's clock is the
 * machine's clock; busybox's date has no sub-second format).
 */
export function tickerCommand(perTick, tickSeconds) {
  const fill = FILL.slice(0, 70);
  return [
    'sh',
    '-c',
    `i=0; while true; do k=0; while [ $k -lt ${perTick} ]; do i=$((i+1)); k=$((k+1)); echo "tick $(printf %08d $i) ${fill}"; done; sleep ${tickSeconds}; done`,
  ];
}

/** Docker's RFC 3339 timestamp (nanoseconds, trailing zeros trimmed) as epoch milliseconds with fractions. */
export function tsMs(ts) {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(ts);
  if (!m) return Number.NaN;
  const whole = Date.parse(`${m[1]}${m[3]}`);
  return whole + (m[2] ? Number(`0.${m[2]}`) * 1000 : 0);
}

/**
 * Checks a read of the numbered log line by line, as it arrives: each number 1..n once, in order within
 * its stream (stdout and stderr interleave by Docker's timestamp), with exactly the text written.
 */
export function lineChecker(total, stderrEvery, engineOrder = null) {
  const seen = new Uint8Array(total + 1);
  const order = new Int32Array(total);
  const last = { stdout: 0, stderr: 0 };
  const counts = { lines: 0, stdout: 0, stderr: 0, duplicated: 0, reordered: 0, corrupt: 0, tsBackwards: 0 };
  let lastTs = Number.NEGATIVE_INFINITY;
  let firstCorrupt = null;
  return {
    push(stream, text, ts) {
      counts.lines++;
      const seq = Number(text.slice(0, 8));
      const ok =
        Number.isInteger(seq) &&
        seq >= 1 &&
        seq <= total &&
        text === expectedText(seq, stderrEvery) &&
        (stream === null || text.slice(9, 15) === stream);
      if (!ok) {
        counts.corrupt++;
        firstCorrupt ??= { stream, text: text.slice(0, 120) };
        return;
      }
      const s = seq % stderrEvery === 0 ? 'stderr' : 'stdout';
      counts[s]++;
      if (counts.lines <= total) order[counts.lines - 1] = seq;
      if (seen[seq]) counts.duplicated++;
      seen[seq] = 1;
      if (seq < last[s]) counts.reordered++;
      else last[s] = seq;
      if (ts) {
        const t = tsMs(ts);
        if (t < lastTs) counts.tsBackwards++;
        else lastTs = t;
      }
    },
    result() {
      let lost = 0;
      for (let i = 1; i <= total; i++) if (!seen[i]) lost++;
      // Across streams, the order the engine answered in (its file order, not strictly by timestamp).
      let notEngineOrder = null;
      if (engineOrder) {
        notEngineOrder = 0;
        for (let i = 0; i < total; i++) if (order[i] !== engineOrder[i]) notEngineOrder++;
      }
      const clean = lost === 0 && counts.duplicated === 0 && counts.reordered === 0 && counts.corrupt === 0;
      return { ...counts, lost, notEngineOrder, clean, ...(firstCorrupt ? { firstCorrupt } : {}) };
    },
  };
}

// -------------------------------------------------------------------------------------- containers

/** Creates and starts a container through the engine's socket; answers its id. */
export async function runContainer(engine, { name, image, cmd, logConfig, run }) {
  const body = {
    Image: image,
    Cmd: cmd,
    Labels: { [LOGS_MARK]: run },
    HostConfig: { LogConfig: logConfig ?? { Type: 'json-file', Config: {} } },
  };
  const created = await sendJson(engine.socket, {
    method: 'POST',
    path: `/containers/create?name=${encodeURIComponent(name)}`,
    json: body,
  });
  const id = created.data.Id;
  const started = await send(engine.socket, { method: 'POST', path: `/containers/${id}/start` });
  if (started.status !== 204 && started.status !== 304)
    throw new Error(`${engine.name}: start ${name} -> ${started.status} ${started.body}`);
  return id;
}

/** Waits until the container exits; answers its exit code. */
export async function waitExit(engine, id, timeoutMs) {
  const res = await sendJson(engine.socket, {
    method: 'POST',
    path: `/containers/${id}/wait`,
    timeoutMs,
  });
  return res.data.StatusCode;
}

/**
 * Removes every container carrying `mark` (the logs bench's label unless said; of any run), running or
 * not; answers how many.
 */
export async function removeMarked(engine, mark = LOGS_MARK) {
  const filters = encodeURIComponent(JSON.stringify({ label: [mark] }));
  const { data } = await sendJson(engine.socket, { path: `/containers/json?all=1&filters=${filters}` });
  for (const c of data) {
    const res = await send(engine.socket, { method: 'DELETE', path: `/containers/${c.Id}?force=1` });
    if (res.status !== 204 && res.status !== 404)
      throw new Error(`${engine.name}: remove ${c.Id} -> ${res.status} ${res.body}`);
  }
  return data.length;
}

// ------------------------------------------------------------------------------------------ floors

/** `docker logs` of a container with its output into /dev/null; answers the wall time, CLI start included. */
export function dockerLogs(target, id, { timestamps }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('docker', [...target.args, 'logs', ...(timestamps ? ['-t'] : []), id], {
      env: { ...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '', DOCKER_CONFIG: target.dockerConfig },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.on('error', (e) => reject(new Error(`docker logs: ${e.message}`)));
    child.on('exit', (code) => {
      if (code === 0) resolve({ ms: performance.now() - started });
      else reject(new Error(`docker logs ${id} exited ${code}`));
    });
  });
}

/**
 * The raw Engine API read a log viewer needs (`GET /containers/{id}/logs?stdout&stderr&timestamps`) over
 * `target`, with the frames walked and the newlines counted; answers the wall time and the line count.
 */
export function rawLogs(target, id, { timeoutMs = 120_000, order = null } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = target.module.request(
      {
        agent: target.agent,
        path: `/containers/${id}/logs?stdout=1&stderr=1&timestamps=1`,
        ...(target.kind === 'unix'
          ? { socketPath: target.socketPath }
          : { host: target.host, port: target.port }),
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`raw logs -> ${res.statusCode}`));
          return;
        }
        let header = Buffer.alloc(0);
        let left = 0;
        let lines = 0;
        let stream = 1;
        // With `order`, the line numbers in the order the engine sent them (each stream split on its own).
        const partial = { 1: '', 2: '' };
        const number = (line) => Number(line.slice(line.indexOf(' ') + 1, line.indexOf(' ') + 9));
        res.on('data', (chunk) => {
          let at = 0;
          while (at < chunk.length) {
            if (left === 0) {
              const need = 8 - header.length;
              header = Buffer.concat([header, chunk.subarray(at, at + need)]);
              at += Math.min(need, chunk.length - at);
              if (header.length < 8) return;
              left = header.readUInt32BE(4);
              stream = header[0] === 2 ? 2 : 1;
              header = Buffer.alloc(0);
              continue;
            }
            const n = Math.min(left, chunk.length - at);
            const part = chunk.subarray(at, at + n);
            if (order) {
              const text = partial[stream] + part.toString('latin1');
              let from = 0;
              for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
                if (lines < order.length) order[lines] = number(text.slice(from, nl));
                lines++;
                from = nl + 1;
              }
              partial[stream] = text.slice(from);
            } else for (let i = part.indexOf(10); i !== -1; i = part.indexOf(10, i + 1)) lines++;
            left -= n;
            at += n;
          }
        });
        res.on('end', () => resolve({ ms: performance.now() - started, lines }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`raw logs: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

// ------------------------------------------------------------------------------------- SSE client

/**
 * Opens a Server-Sent Events stream on Wharf and parses it as it arrives. `onEvent(name, data, at)` gets
 * each event with the epoch-ms time of the chunk that completed it; comments (`: ping`) are skipped.
 * Answers `{ opened, done, close }`: `opened` settles with the status once the headers are in, `done`
 * when the stream ends (by the server or `close`), with its byte count.
 */
export function openSse(server, pathname, { onEvent, headers = {} }) {
  let request = null;
  let closedByUs = false;
  let resolveOpened;
  let rejectOpened;
  const opened = new Promise((res, rej) => {
    resolveOpened = res;
    rejectOpened = rej;
  });
  const done = new Promise((resolve, reject) => {
    const target = server.target;
    request = target.module.request(
      {
        agent: false,
        host: target.host,
        port: target.port,
        path: pathname,
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${server.token}`,
          ...headers,
        },
      },
      (res) => {
        resolveOpened({ status: res.statusCode ?? 0, at: nowMs() });
        if (res.statusCode !== 200) {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            reject(
              new Error(
                `GET ${pathname} -> ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`,
              ),
            ),
          );
          return;
        }
        const decoder = new StringDecoder('utf8');
        let buffer = '';
        let bytes = 0;
        res.on('data', (chunk) => {
          const at = nowMs();
          bytes += chunk.length;
          buffer += decoder.write(chunk);
          let from = 0;
          for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', from)) {
            const block = buffer.slice(from, end);
            from = end + 2;
            let name = 'message';
            const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              if (line.startsWith('event:')) name = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
            }
            if (data.length === 0) continue;
            onEvent(name, JSON.parse(data.join('\n')), at);
          }
          buffer = buffer.slice(from);
        });
        res.on('end', () => resolve({ bytes, closedByUs }));
        res.on('error', (e) => (closedByUs ? resolve({ bytes, closedByUs }) : reject(e)));
        res.on('close', () => resolve({ bytes, closedByUs }));
      },
    );
    request.on('error', (e) => {
      rejectOpened(e);
      if (closedByUs) resolve({ bytes: 0, closedByUs });
      else reject(e);
    });
    request.end();
  });
  // Callers await `done` (or `opened`); neither is left unhandled when the other fails.
  done.catch(() => undefined);
  opened.catch(() => undefined);
  return {
    opened,
    done,
    close: () => {
      closedByUs = true;
      request?.destroy();
    },
  };
}

/** Reads a whole plain-text answer from Wharf line by line as it arrives; answers time and bytes. */
export function readPlain(server, pathname, onLine) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const target = server.target;
    const req = target.module.request(
      {
        agent: false,
        host: target.host,
        port: target.port,
        path: pathname,
        headers: { authorization: `Bearer ${server.token}`, accept: 'text/plain' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            reject(
              new Error(
                `GET ${pathname} -> ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`,
              ),
            ),
          );
          return;
        }
        const decoder = new StringDecoder('utf8');
        let rest = '';
        let bytes = 0;
        res.on('data', (chunk) => {
          bytes += chunk.length;
          const text = rest + decoder.write(chunk);
          let from = 0;
          for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
            onLine(text.slice(from, nl));
            from = nl + 1;
          }
          rest = text.slice(from);
        });
        res.on('end', () => {
          if (rest) onLine(rest);
          resolve({ ms: performance.now() - started, bytes });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// ------------------------------------------------------------------------------------------ memory

async function statOf(pid) {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields after it start past the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return null;
  }
}

async function rssKb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

async function commOf(pid) {
  try {
    return (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
  } catch {
    return '?';
  }
}

/** The processes of a process group (Wharf runs in its own group: `next start` and its children). */
export async function groupPids(pgid) {
  const out = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = await statOf(Number(entry));
    if (s && s.pgrp === pgid) out.push(s.pid);
  }
  return out;
}

async function socketInodes(pid) {
  const inodes = new Set();
  let fds = [];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** TCP sockets of the network namespace: `{ local port, remote port, state, inode }`. */
async function tcpSockets() {
  const rows = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      rows.push({
        localPort: Number.parseInt(f[1].split(':')[1], 16),
        remotePort: Number.parseInt(f[2].split(':')[1], 16),
        state: f[3],
        inode: f[9],
      });
    }
  }
  return rows;
}

const LISTEN = '0A';
const ESTABLISHED = '01';

/**
 * The Wharf server's process: the one of the group that listens on `port`. Answers its pid and name,
 * or null when none is found (then only the group's sum is known).
 */
export async function findServer(pgid, port) {
  const listeners = new Set(
    (await tcpSockets()).filter((s) => s.state === LISTEN && s.localPort === port).map((s) => s.inode),
  );
  for (const pid of await groupPids(pgid)) {
    for (const inode of await socketInodes(pid))
      if (listeners.has(inode)) return { pid, comm: await commOf(pid) };
  }
  return null;
}

/** RSS of the server process and of the whole group in MB, and the server's open connections to `enginePort`. */
export async function sampleMemory(pgid, serverPid, enginePort, { group = true } = {}) {
  const pids = group || !serverPid ? await groupPids(pgid) : [];
  let groupKb = 0;
  for (const pid of pids) groupKb += await rssKb(pid);
  const serverKb = serverPid ? await rssKb(serverPid) : 0;
  let engineConnections = null;
  if (serverPid && enginePort) {
    const mine = await socketInodes(serverPid);
    engineConnections = (await tcpSockets()).filter(
      (s) => s.state === ESTABLISHED && s.remotePort === enginePort && mine.has(s.inode),
    ).length;
  }
  return {
    at: nowMs(),
    serverMb: serverKb / 1024,
    groupMb: groupKb / 1024,
    processes: pids.length,
    engineConnections,
  };
}

/** Samples memory every `everyMs` until stopped (`group: false`: the server process only, cheaper). */
export function memorySampler(pgid, serverPid, enginePort, everyMs, { group = true } = {}) {
  const samples = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      samples.push(await sampleMemory(pgid, serverPid, enginePort, { group }));
      const until = performance.now() + everyMs;
      while (!stopped && performance.now() < until) await sleep(Math.min(100, everyMs));
    }
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

/** Least-squares slope of `y` over `x`. */
export function slope(points) {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

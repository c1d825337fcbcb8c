// npm run bench -- soak [options]
//
// Wharf under a steady mixed load for a while, on the whole test fleet with N bench containers per
// engine: simulated users loading the overview and host pages with their API reads, followed log
// streams (Server-Sent Events) open the whole time, and a release of one service at a fixed interval.
// Every request's status and time are kept; the server's RSS is sampled from /proc and its event-loop
// delay, utilization, garbage collection and heap are measured inside the server process by a probe
// loaded with NODE_OPTIONS (lib/event-loop-probe.cjs). Figures are taken after a warm-up. It prints
// each figure next to its target; it does not fail on targets, only when it cannot run.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHistogram, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBenchContainers, readFleet, removeBenchContainers, waitForEngines } from './lib/fleet.mjs';
import { closeTarget, makeTarget, send } from './lib/http.mjs';
import {
  findServer,
  memorySampler,
  nowMs,
  openSse,
  slope,
  tickerCommand,
  tsMs,
} from './lib/log-fixtures.mjs';
import { httpCheck, requireImages } from './lib/release-fixtures.mjs';
import { runBench, writeResult } from './lib/results.mjs';
import {
  freePort,
  probeEnv,
  probePids,
  readProbe,
  readSchedstat,
  removeLabelled,
  runLabelled,
  SOAK_MARK,
  schedShares,
  setProbeWindow,
  watchEngines,
} from './lib/soak-fixtures.mjs';
import { fmt, median, percentile, round, table } from './lib/stats.mjs';
import {
  api,
  createApiToken,
  ensureBuild,
  gitDescribe,
  newSecret,
  registerFleetRegistry,
  registerHosts,
  startWharf,
  stopWharf,
} from './lib/wharf.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

const TARGETS = { errors: 0, overviewP99Ms: 1000, eventLoopP99Ms: 50 };
const APP = '127.0.0.1:5055/wharf-demo/app';
/** Two healthy versions of the demo app; the releases alternate between them. */
const TAGS = ['3f9c2a1', '8b41d07'];
const TERMINAL = new Set(['succeeded', 'failed', 'rolled_back', 'rejected', 'cancelled', 'interrupted']);
const THINK_MS = [1000, 2000];
const REQUEST_TIMEOUT_MS = 30_000;
const RELEASE_POLL_MS = 250;
const RELEASE_DEADLINE_MS = 5 * 60_000;
const RECONNECT_MS = 1000;
/** A request that fails this way on a reused keep-alive connection is sent again, as a browser does. */
const RETRIED_CODES = new Set(['ECONNRESET', 'EPIPE']);
const PROBE_INTERVAL_MS = 5000;
/** A user's round: each step is one request, then a think time. */
const ROUTES = {
  overviewPage: 'GET / (overview page)',
  overviewApi: 'GET /api/v1/hosts',
  hostPage: 'GET /hosts/{host} (host page)',
  containers: 'GET /api/v1/hosts/{host}/containers',
};

const HELP = `usage: npm run bench -- soak [options]

  --minutes N          measured minutes, after the warm-up (default 10)
  --warmup N           warm-up seconds under the same load, not in the figures (default 60)
  --users N            simulated users (default 20); each loops: overview page, GET /api/v1/hosts,
                       a host page, GET /api/v1/hosts/{host}/containers, ${THINK_MS[0] / 1000}-${THINK_MS[1] / 1000} s think time after each
  --streams N          followed log streams open the whole time (default 50)
  --log-containers N   containers printing numbered lines, spread over the hosts (default 6)
  --log-rate N         lines per second each of them prints (default 20)
  --log-tail N         lines of history a stream asks for when it opens (default 100)
  --release-every N    seconds between releases of the service on fleet-a (default 60)
  --containers N       bench containers per engine (default 300)
  --running N          how many of them are started (default 10)
  --parallel N         parallel Engine API calls while creating/removing containers (default 4)
  --sample-seconds N   server RSS sampling interval (default 5)
  --flat-mb-per-min N  the largest RSS slope still called flat (default 2)
  --port N             port for \`next start\` (default 3216)
  --app DIR            the Wharf checkout to build and start (default: this repository)
  --build              always run \`next build\` first; --no-build never builds (default: when stale)
  --keep               keep the bench containers at the end (creating 900 takes a while)
  --profile DIR        write a CPU profile of the Wharf server (node --cpu-prof) into DIR
  -h, --help           this text

Writes bench/results/soak-<timestamp>.json.`;

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '60' },
      users: { type: 'string', default: '20' },
      streams: { type: 'string', default: '50' },
      'log-containers': { type: 'string', default: '6' },
      'log-rate': { type: 'string', default: '20' },
      'log-tail': { type: 'string', default: '100' },
      'release-every': { type: 'string', default: '60' },
      containers: { type: 'string', default: '300' },
      running: { type: 'string', default: '10' },
      parallel: { type: 'string', default: '4' },
      'sample-seconds': { type: 'string', default: '5' },
      'flat-mb-per-min': { type: 'string', default: '2' },
      port: { type: 'string', default: '3216' },
      app: { type: 'string', default: repoRoot },
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  const num = (name, min, max, integer = true) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max)
      throw new Error(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    return n;
  };
  return {
    help: values.help,
    minutes: num('minutes', 0.25, 24 * 60, false),
    warmup: num('warmup', 0, 3600),
    users: num('users', 0, 1000),
    streams: num('streams', 0, 1000),
    logContainers: num('log-containers', 1, 100),
    logRate: num('log-rate', 1, 1000),
    logTail: num('log-tail', 0, 100_000),
    releaseEvery: num('release-every', 0, 3600),
    containers: num('containers', 1, 2000),
    running: num('running', 0, 2000),
    parallel: num('parallel', 1, 64),
    sampleSeconds: num('sample-seconds', 1, 600),
    flatMbPerMin: num('flat-mb-per-min', 0.01, 1000, false),
    port: num('port', 1, 65_535),
    app: path.resolve(values.app),
    build: values['no-build'] ? 'never' : values.build ? 'always' : 'auto',
    keep: values.keep,
    profile: values.profile ? path.resolve(values.profile) : null,
  };
}

const t0 = performance.now();
let interrupted = false;
function say(message) {
  const s = ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
  console.log(`[bench ${s}s] ${message}`);
}
const checkStop = () => {
  if (interrupted) throw new Error('interrupted');
};
const randomBetween = (a, b) => a + Math.random() * (b - a);

/** Sleeps until `until` (epoch ms) or the bench is interrupted, in steps of at most a second. */
async function sleepUntil(until) {
  while (!interrupted && nowMs() < until) await sleep(Math.min(1000, until - nowMs()));
}

// ------------------------------------------------------------------------------------------- users

/** An answer of 2xx that is still wrong: a host not up, fewer containers than the engine holds. */
function checkAnswer(route, host, body, expected) {
  let data;
  try {
    data = JSON.parse(body.toString('utf8'));
  } catch {
    return 'the body is not JSON';
  }
  if (route === 'overviewApi') {
    if (!Array.isArray(data)) return 'not a list';
    const bad = Object.keys(expected)
      .map((name) => {
        const row = data.find((h) => h.name === name);
        if (!row) return `${name} missing`;
        if (row.status !== 'up') return `${name} ${row.status}: ${row.error?.message ?? ''}`;
        if ((row.counts?.containers ?? 0) < expected[name])
          return `${name}: ${row.counts?.containers} containers`;
        return null;
      })
      .filter(Boolean);
    return bad.length ? bad.join('; ') : null;
  }
  if (route === 'containers') {
    if (!Array.isArray(data)) return 'not a list';
    if (data.length < expected[host]) return `${data.length} containers, expected ${expected[host]}`;
  }
  return null;
}

/**
 * One simulated user, signed in with its own session (cookie), as a browser: the overview page and its
 * fleet read, then a host page and its container list, a think time after each, until `endAt`.
 */
async function userLoop({ user, index, hosts, expected, endAt, requests }) {
  const { target, cookie } = user;
  const get = async (pathname, accept, entry) => {
    const opts = { headers: { cookie, accept }, timeoutMs: REQUEST_TIMEOUT_MS };
    try {
      return await send(target, { path: pathname, ...opts });
    } catch (error) {
      if (!error.reused || !RETRIED_CODES.has(error.code)) throw error;
      entry.retried = error.code;
      return await send(target, { path: pathname, ...opts });
    }
  };
  await sleep(randomBetween(0, THINK_MS[1]));
  for (let round_ = 0; ; round_++) {
    const host = hosts[(index + round_) % hosts.length];
    const steps = [
      ['overviewPage', null, '/', 'text/html'],
      ['overviewApi', null, '/api/v1/hosts', 'application/json'],
      ['hostPage', host, `/hosts/${encodeURIComponent(host)}`, 'text/html'],
      ['containers', host, `/api/v1/hosts/${encodeURIComponent(host)}/containers`, 'application/json'],
    ];
    for (const [route, h, pathname, accept] of steps) {
      if (interrupted || nowMs() >= endAt) return;
      const at = nowMs();
      const entry = { route, host: h, user: index, at, ms: 0, status: 0 };
      try {
        const res = await get(pathname, accept, entry);
        entry.ms = nowMs() - at;
        entry.status = res.status;
        if (res.status >= 200 && res.status < 300 && accept === 'application/json') {
          const problem = checkAnswer(route, h, res.body, expected);
          if (problem) entry.degraded = problem;
        } else if (res.status < 200 || res.status >= 300) {
          const text = res.body.toString('utf8');
          entry.error = `${res.status} ${text.slice(0, 300)}`;
          try {
            entry.code = JSON.parse(text).error?.code;
          } catch {
            // not Wharf's JSON error
          }
        }
      } catch (error) {
        entry.ms = nowMs() - at;
        entry.error = error.message;
      }
      requests.push(entry);
      const think = randomBetween(THINK_MS[0], THINK_MS[1]);
      await sleep(Math.max(0, Math.min(think, endAt - nowMs())));
    }
  }
}

// ----------------------------------------------------------------------------------------- streams

const logsPath = (host, id, tail) =>
  `/api/v1/hosts/${encodeURIComponent(host)}/containers/${id}/logs?tail=${tail}`;

/**
 * A followed log stream that stays open: numbered lines are checked for gaps, the latency of each line
 * measured in the window (arrival minus Docker's timestamp), and a stream that ends or fails is opened
 * again (tail=0) after a second, counted.
 */
function followStream(server, s, { tail, window, latency }) {
  const onEvent = (name, data, at) => {
    if (name === 'lines') {
      for (const l of data.lines) {
        s.lines++;
        s.lastAt = at;
        if (at >= window.from && at < window.to) {
          s.windowLines++;
          const ms = at - tsMs(l.ts);
          if (Number.isFinite(ms)) latency.record(Math.max(1, Math.round(ms * 1000)));
        }
        const seq = Number(l.text.slice(5, 13));
        if (s.lastSeq !== null) {
          if (seq > s.lastSeq + 1) {
            s.gaps++;
            s.missing += seq - s.lastSeq - 1;
          } else if (seq <= s.lastSeq) s.backwards++;
        }
        s.lastSeq = seq;
      }
    } else if (name === 'skipped') s.skipped += data.count;
    else if (name === 'error') s.errorEvents.push(data.message);
    else if (name === 'end') s.endEvents.push(data.reason);
  };
  const open = (fromTail) => {
    s.lastSeq = null;
    s.opens++;
    const handle = openSse(server, logsPath(s.host, s.id, fromTail), { onEvent });
    s.handle = handle;
    const ended = (why) => {
      if (s.closing) return;
      s.ends.push({ at: round(nowMs()), why });
      setTimeout(() => {
        if (!s.closing && !interrupted) open(0);
      }, RECONNECT_MS).unref();
    };
    handle.done.then(
      () => ended('ended by the server'),
      (e) => ended(`failed: ${e.message}`),
    );
  };
  open(tail);
}

async function closeStream(s) {
  s.closing = true;
  s.handle?.close();
  await s.handle?.done.catch(() => undefined);
}

// ---------------------------------------------------------------------------------------- releases

/** One release by tag, read every RELEASE_POLL_MS until it ends; never throws. */
async function releaseOnce(server, service, tag, servicePort) {
  const at = nowMs();
  const entry = { at, tag, status: null, ms: null, number: null, message: null, served: null };
  try {
    const created = await api(server, `/api/v1/services/${encodeURIComponent(service)}/releases`, {
      method: 'POST',
      json: { tag },
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
    let release = created.data;
    entry.number = release.number;
    const deadline = at + RELEASE_DEADLINE_MS;
    while (!TERMINAL.has(release.status) && nowMs() < deadline) {
      await sleep(RELEASE_POLL_MS);
      release = (await api(server, `/api/v1/releases/${release.id}`, { timeoutMs: REQUEST_TIMEOUT_MS })).data;
    }
    entry.ms = nowMs() - at;
    entry.status = TERMINAL.has(release.status)
      ? release.status
      : `not terminal after ${RELEASE_DEADLINE_MS / 1000} s (${release.status})`;
    entry.message = release.message ?? null;
    if (release.status === 'succeeded') {
      const check = await httpCheck(servicePort, '/version');
      entry.served = check.ok ? check.body.trim() : check.message;
    }
  } catch (error) {
    entry.ms = nowMs() - at;
    entry.status = 'request failed';
    entry.message = error.message;
  }
  return entry;
}

/** Releases the service every `everyMs` from `startAt` (the first one `everyMs` after it) until `endAt`. */
async function releaseLoop({ server, service, servicePort, everyMs, startAt, endAt, releases, firstTag }) {
  if (everyMs <= 0) return;
  let k = 1;
  let next = firstTag;
  for (;;) {
    const due = startAt + k * everyMs;
    if (due >= endAt || interrupted) return;
    await sleepUntil(due);
    if (interrupted) return;
    const tag = TAGS[next % TAGS.length];
    next++;
    const r = await releaseOnce(server, service, tag, servicePort);
    releases.push(r);
    say(
      `release ${r.number ?? '?'} to ${tag}: ${r.status} in ${fmt(r.ms)} ms${r.served && r.served !== tag ? ` (serves ${r.served})` : ''}${r.status !== 'succeeded' ? ` (${r.message})` : ''}`,
    );
    // A release that ran past its successor's slot skips it.
    k = Math.max(k + 1, Math.ceil((nowMs() - startAt) / everyMs));
  }
}

// ---------------------------------------------------------------------------------------- analysis

const isError = (r) => r.error !== undefined;

/** The least heap used of each whole minute after `from`, as points (minute, MB) for a slope. */
function heapMinima(lines, from) {
  const byMinute = new Map();
  for (const p of lines) {
    const m = Math.floor((p.at - from) / 60_000);
    byMinute.set(m, Math.min(byMinute.get(m) ?? Number.POSITIVE_INFINITY, p.memory.heapUsedMb));
  }
  return [...byMinute].map(([m, y]) => ({ x: m, y }));
}

/** The server's CPU time over probe intervals as a share of one core (1 = one core busy all the time). */
function cpuShare(lines) {
  const spent = lines.reduce((sum, p) => sum + (p.cpu ? p.cpu.userMs + p.cpu.systemMs : 0), 0);
  const wall = lines.reduce((sum, p) => sum + (p.at - p.from), 0);
  return wall > 0 ? spent / wall : Number.NaN;
}

function routeFigures(list) {
  const ms = list.filter((r) => !isError(r)).map((r) => r.ms);
  const errors = list.filter(isError);
  const byKind = {};
  for (const e of errors) {
    const kind = e.status ? `${e.status}${e.code ? ` ${e.code}` : ''}` : 'network';
    byKind[kind] = (byKind[kind] ?? 0) + 1;
  }
  return {
    count: list.length,
    errors: errors.length,
    errorsByKind: byKind,
    firstErrors: errors.slice(0, 3).map((e) => ({ at: round(e.at), host: e.host, error: e.error })),
    degraded: list.filter((r) => r.degraded).length,
    firstDegraded: list
      .filter((r) => r.degraded)
      .slice(0, 3)
      .map((r) => ({ at: round(r.at), host: r.host, problem: r.degraded })),
    p50: round(percentile(ms, 50)),
    p90: round(percentile(ms, 90)),
    p99: round(percentile(ms, 99)),
    max: round(ms.length ? Math.max(...ms) : Number.NaN),
  };
}

function requestFigures(requests, hosts) {
  const byRoute = {};
  for (const key of Object.keys(ROUTES)) byRoute[key] = routeFigures(requests.filter((r) => r.route === key));
  const containersByHost = Object.fromEntries(
    hosts.map((h) => [h, routeFigures(requests.filter((r) => r.route === 'containers' && r.host === h))]),
  );
  const hostPageByHost = Object.fromEntries(
    hosts.map((h) => [h, routeFigures(requests.filter((r) => r.route === 'hostPage' && r.host === h))]),
  );
  return {
    count: requests.length,
    errors: requests.filter(isError).length,
    degraded: requests.filter((r) => r.degraded).length,
    retriedResets: requests.filter((r) => r.retried).length,
    byRoute,
    containersByHost,
    hostPageByHost,
  };
}

/**
 * The load in periods: the warm-up, each minute of the window, and what came after it (requests and
 * the release in flight at its end). Per period: requests, errors, p99 of each route, RSS, heap,
 * event-loop delay (the worst 5 s interval's p99), utilization, GC time, lines received, releases.
 */
function perMinute({ window, requests, memory, probe, streamsLines, releases, sched }) {
  const minutes = Math.ceil((window.to - window.from) / 60_000);
  const period = (at) =>
    at < window.from
      ? 'warm-up'
      : at >= window.to
        ? 'after'
        : String(Math.floor((at - window.from) / 60_000) + 1);
  const labels = ['warm-up', ...Array.from({ length: minutes }, (_, i) => String(i + 1)), 'after'];
  const rows = [];
  for (const label of labels) {
    const of = (list) => list.filter((x) => period(x.at) === label);
    const reqs = of(requests);
    const mem = of(memory);
    const pr = of(probe).filter((p) => p.delay);
    if (!reqs.length && !mem.length && !pr.length) continue;
    const p99 = (key) =>
      round(
        percentile(
          reqs.filter((r) => r.route === key && !isError(r)).map((r) => r.ms),
          99,
        ),
      );
    rows.push({
      period: label,
      requests: reqs.length,
      errors: reqs.filter(isError).length,
      p99: Object.fromEntries(Object.keys(ROUTES).map((k) => [k, p99(k)])),
      rssMaxMb: round(mem.length ? Math.max(...mem.map((s) => s.serverMb)) : Number.NaN),
      heapUsedMaxMb: round(pr.length ? Math.max(...pr.map((p) => p.memory.heapUsedMb)) : Number.NaN),
      heapUsedMinMb: round(pr.length ? Math.min(...pr.map((p) => p.memory.heapUsedMb)) : Number.NaN),
      eventLoopP99MaxMs: round(pr.length ? Math.max(...pr.map((p) => p.delay.p99)) : Number.NaN),
      eventLoopMaxMs: round(pr.length ? Math.max(...pr.map((p) => p.delay.max)) : Number.NaN),
      elu: round(pr.length ? pr.reduce((sum, p) => sum + p.elu, 0) / pr.length : Number.NaN, 2),
      gcMs: round(pr.reduce((sum, p) => sum + p.gc.ms, 0)),
      cpu: round(cpuShare(pr), 2),
      mainThread: (() => {
        const list = of(sched);
        const sh = schedShares(list[0], list.at(-1));
        return { onCpu: round(sh.onCpu, 2), waiting: round(sh.waiting, 2) };
      })(),
      lines: of(streamsLines).reduce((sum, x) => sum + x.n, 0),
      releases: of(releases).map((r) => r.status),
    });
  }
  return rows;
}

async function serverLogProblems(file) {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { lines: 0, matching: 0, first: [] };
  }
  const lines = text.split('\n');
  const bad = lines.filter((l) => /error|warn|unhandled|exception|ECONN|EPIPE|heap/i.test(l));
  return { lines: lines.length, matching: bad.length, first: bad.slice(0, 10).map((l) => l.slice(0, 300)) };
}

// ------------------------------------------------------------------------------------------ report

const verdict = (ok) => (ok === null ? '-' : ok ? 'pass' : 'FAIL');
const ms = (x) => `${fmt(x)} ms`;

function report(result) {
  const { requests: rq, releases: rel, streams: st, memory: mem, eventLoop: el } = result.figures;
  const r = rq.byRoute;
  const errorKinds = (f) =>
    Object.entries(f.errorsByKind)
      .map(([k, n]) => `${k} x${n}`)
      .join(', ') || 'none';
  const rows = [
    [
      `requests (${result.window.minutes} min after ${result.window.warmupSeconds} s warm-up)`,
      `${rq.count} (${fmt(rq.count / (result.window.minutes * 60), 1)}/s)`,
      'reference',
      '',
    ],
    [
      '  error responses (non-2xx or network error)',
      `${rq.errors} errors`,
      `${TARGETS.errors} errors`,
      verdict(rq.errors === TARGETS.errors),
    ],
    [
      '  error responses during the warm-up',
      `${result.figures.warmupErrors} errors`,
      '0 errors',
      verdict(result.figures.warmupErrors === 0),
    ],
    [
      '  2xx answers with a host not up or containers missing',
      `${rq.degraded} answers`,
      '0 answers',
      verdict(rq.degraded === 0),
    ],
    [
      '  resets of a reused keep-alive connection, sent again',
      `${rq.retriedResets} requests`,
      'reference',
      '',
    ],
  ];
  for (const [key, label] of Object.entries(ROUTES)) {
    const f = r[key];
    const overview = key === 'overviewApi' || key === 'overviewPage';
    rows.push([
      `${label}  n ${f.count}, errors ${f.errors} (${errorKinds(f)})`,
      `p50 ${ms(f.p50)}, p99 ${ms(f.p99)}, max ${ms(f.max)}`,
      overview ? `p99 < ${TARGETS.overviewP99Ms} ms` : 'reference',
      overview ? verdict(f.p99 !== null && f.p99 < TARGETS.overviewP99Ms) : '',
    ]);
  }
  for (const [h, f] of Object.entries(rq.containersByHost))
    rows.push([`  containers list ${h}`, `p50 ${ms(f.p50)}, p99 ${ms(f.p99)}`, 'reference', '']);
  rows.push(
    [
      `releases (every ${result.releaseEverySeconds} s, alternating ${TAGS.join('/')})`,
      `${rel.ok} succeeded, ${rel.failed} not; ${rel.servedOther} serving another version`,
      'all succeeded',
      verdict(rel.count === 0 ? null : rel.failed === 0 && rel.servedOther === 0),
    ],
    [
      '  release duration (request -> terminal)',
      `median ${ms(rel.medianMs)}, max ${ms(rel.maxMs)}`,
      'reference',
      '',
    ],
    [
      `log lines received in the window (${st.streams} streams)`,
      `${st.windowLines} lines, ${fmt(st.windowLines / (result.window.minutes * 60), 0)}/s`,
      'reference',
      '',
    ],
    [
      '  line latency (arrival - Docker timestamp)',
      `p50 ${ms(st.latency.p50)}, p99 ${ms(st.latency.p99)}`,
      'reference',
      '',
    ],
    [
      '  stream ends / failures / error events (whole run, reopened)',
      `${st.ended} / ${st.failed} / ${st.errorEvents}`,
      '0 / 0 / 0',
      verdict(st.ended + st.failed + st.errorEvents === 0),
    ],
    [
      '  lines missing / skipped / streams quiet at the end',
      `${st.missing} / ${st.skipped} / ${st.quietAtEnd}`,
      'reference',
      '',
    ],
    [
      'server RSS start / max / end (after warm-up)',
      `${fmt(mem.rss.start)} / ${fmt(mem.rss.max)} / ${fmt(mem.rss.end)} MB`,
      'reference',
      '',
    ],
    [
      '  RSS slope (least squares, after warm-up)',
      `${fmt(mem.rss.slopeMbPerMin, 2)} MB/min`,
      `flat: <= ${result.flatMbPerMin} MB/min`,
      verdict(mem.rss.slopeMbPerMin === null ? null : Math.abs(mem.rss.slopeMbPerMin) <= result.flatMbPerMin),
    ],
    [
      '  RSS slope over the second half of the window',
      `${fmt(mem.rss.slopeSecondHalfMbPerMin, 2)} MB/min`,
      'reference',
      '',
    ],
    [
      '  JS heap used start / max / end; slope, slope of the minute minima',
      `${fmt(mem.heap.start)} / ${fmt(mem.heap.max)} / ${fmt(mem.heap.end)} MB; ${fmt(mem.heap.slopeMbPerMin, 2)}, ${fmt(mem.heap.minimaSlopeMbPerMin, 2)} MB/min`,
      'reference',
      '',
    ],
    ['  RSS before the load', `${fmt(mem.rss.beforeLoad)} MB`, 'reference', ''],
    [
      'event-loop delay p50 / p99 / max (after warm-up)',
      `${ms(el.p50)} / ${ms(el.p99)} / ${ms(el.max)}`,
      `p99 < ${TARGETS.eventLoopP99Ms} ms`,
      verdict(el.p99 === null ? null : el.p99 < TARGETS.eventLoopP99Ms),
    ],
    [
      '  worst 5 s interval p99 / event-loop utilization mean',
      `${ms(el.worstIntervalP99)} / ${fmt(el.eluMean, 2)}`,
      'reference',
      '',
    ],
    [
      '  GC pauses per minute / longest; full (mark-compact) GCs / longest',
      `${ms(el.gcMsPerMin)} / ${ms(el.gcMaxPauseMs)}; ${el.gcMajor} / ${ms(el.gcMajorMaxPauseMs)}`,
      'reference',
      '',
    ],
    [
      '  server CPU time (all its threads), share of one core',
      `${fmt(el.serverCpu, 2)} cores`,
      'reference',
      '',
    ],
    [
      "  server's main thread: on a CPU / runnable but waiting for one",
      `${fmt(el.mainThread.onCpu, 2)} / ${fmt(el.mainThread.waiting, 2)} of the time`,
      'reference',
      '',
    ],
  );
  const lines = [
    '',
    `soak: ${result.users} users, ${result.streams.count} log streams over ${result.streams.containers} containers (${result.streams.ratePerContainer} lines/s each), a release every ${result.releaseEverySeconds} s; ${result.setup.map((s) => `${s.host} ${s.total} containers`).join(', ')}`,
    `Wharf server process: ${result.server.pid ? `pid ${result.server.pid} (${result.server.comm}); event-loop probe ${result.server.probeLoaded ? 'loaded' : 'NOT loaded'}` : 'not found'}`,
    '',
    table(['figure', 'value', 'target', ''], rows),
    '',
    'per period (p99 ms of each route; RSS max and JS heap used min-max in MB; event-loop delay: the worst 5 s interval p99 in ms; server CPU in cores; on/wait: the main thread on a CPU / waiting for one, share of time):',
    table(
      [
        'period',
        'req',
        'err',
        'overview page',
        'hosts API',
        'host page',
        'containers',
        'RSS',
        'heap min-max',
        'ELD p99',
        'ELU',
        'CPU',
        'main on/wait',
        'lines',
        'releases',
      ],
      result.perMinute.map((m) => [
        m.period,
        String(m.requests),
        String(m.errors),
        fmt(m.p99.overviewPage),
        fmt(m.p99.overviewApi),
        fmt(m.p99.hostPage),
        fmt(m.p99.containers),
        fmt(m.rssMaxMb),
        `${fmt(m.heapUsedMinMb, 0)}-${fmt(m.heapUsedMaxMb, 0)}`,
        fmt(m.eventLoopP99MaxMs),
        fmt(m.elu, 2),
        fmt(m.cpu, 2),
        `${fmt(m.mainThread.onCpu, 2)}/${fmt(m.mainThread.waiting, 2)}`,
        String(m.lines),
        m.releases.join(',') || '-',
      ]),
    ),
    '',
    result.engineEvents.length
      ? `ENGINE EVENTS during the load (another process stopped or restarted an engine; errors on that host then are its absence, not Wharf's):\n  ${result.engineEvents.map((e) => `${e.t} s${e.inWindow ? '' : ' (outside the window)'}: ${e.host} ${e.what}`).join('\n  ')}`
      : 'engines: all answered /_ping every 5 s and none restarted during the load',
    `server log: ${result.serverLog.matching} of ${result.serverLog.lines} lines mention an error or warning${result.serverLog.first.length ? `; first:\n  ${result.serverLog.first.join('\n  ')}` : ''}`,
    `load average: ${result.machine.loadAvgAtStart.join(' ')} at start, ${result.machine.loadAvgAtEnd.join(' ')} at end (${result.machine.cpus} CPUs; the engines, Wharf and the bench share them)`,
  ];
  return lines.join('\n');
}

// -------------------------------------------------------------------------------------------- main

async function main() {
  const opts = options();
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  const started = new Date();
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  const fleet = await readFleet();
  const { engines } = fleet;
  const hosts = engines.map((e) => e.name);
  const releaseEngine = engines.find((e) => e.name === 'fleet-a') ?? engines[0];
  const run = randomBytes(3).toString('hex');
  const service = `soak-${run}`;
  const servicePort = await freePort();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'wharf-soak-'));
  const probeFile = path.join(workDir, 'event-loop.jsonl');

  const state = { server: null, containersMade: false, streams: [], userTargets: [] };
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const s of state.streams) await closeStream(s).catch(() => undefined);
      for (const t of state.userTargets) closeTarget(t);
      if (state.server) {
        say('stopping Wharf (its data directory goes with it)');
        await stopWharf(state.server).catch((e) => console.error(`could not stop Wharf: ${e.message}`));
      }
      for (const e of engines) {
        const n = await removeLabelled(e).catch((err) => {
          console.error(`${e.name}: could not remove the soak containers: ${err.message}`);
          return 0;
        });
        if (n) say(`${e.name}: removed ${n} log and service container(s)`);
      }
      if (state.containersMade && !opts.keep) {
        say('removing the bench containers (--keep keeps them)');
        await Promise.all(
          engines.map((e) =>
            removeBenchContainers(e, { parallel: opts.parallel }).then(
              (n) => say(`${e.name}: removed ${n} bench containers`),
              (err) => console.error(`${e.name}: could not remove the bench containers: ${err.message}`),
            ),
          ),
        );
      }
      for (const e of engines) closeTarget(e.socket);
      await rm(workDir, { recursive: true, force: true });
    })());
  const onSignal = (sig) => {
    interrupted = true;
    console.error(`\n${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await waitForEngines(engines, 60_000);
    await requireImages(
      releaseEngine,
      TAGS.map((t) => `${APP}:${t}`),
    );
    for (const e of engines) {
      const n = await removeLabelled(e);
      if (n) say(`${e.name}: removed ${n} container(s) an earlier run left`);
    }
    const resultsDir = path.join(repoRoot, 'bench', 'results');
    await mkdir(resultsDir, { recursive: true });

    const secret = newSecret();
    const build = await ensureBuild(opts.app, { mode: opts.build, logDir: resultsDir, say, secret });
    if (build.built) say(`built in ${build.seconds} s`);

    // 1. The fleet: bench containers on every engine, log printers spread over them.
    say(`setting up ${opts.containers} bench containers per engine (${opts.running} started)`);
    state.containersMade = true;
    const setupStarted = performance.now();
    const setup = await Promise.all(
      engines.map(async (e) => {
        const r = await ensureBenchContainers(e, {
          count: opts.containers,
          running: opts.running,
          image: fleet.image,
          parallel: opts.parallel,
          isStopped: () => interrupted,
        });
        say(
          `${e.name}: created ${r.created}, reused ${r.reused}; ${r.total} containers, ${r.running} running`,
        );
        return { host: e.name, ...r };
      }),
    );
    say(`bench containers ready in ${fmt((performance.now() - setupStarted) / 1000)} s`);
    const expected = Object.fromEntries(hosts.map((h) => [h, opts.containers]));
    const perTick = Math.max(1, Math.round(opts.logRate / 4));
    const tickSeconds = (perTick / opts.logRate).toFixed(3);
    const logContainers = [];
    for (let i = 0; i < opts.logContainers; i++) {
      const engine = engines[i % engines.length];
      const name = `wharf-bench-soak-${run}-log-${i}`;
      const id = await runLabelled(engine, {
        name,
        image: fleet.image,
        cmd: tickerCommand(perTick, tickSeconds),
        run,
      });
      logContainers.push({ host: engine.name, id, name });
    }
    say(
      `${opts.logContainers} log containers (${perTick} lines every ${tickSeconds} s) on ${[...new Set(logContainers.map((c) => c.host))].join(', ')}`,
    );

    // 2. Wharf, with the event-loop probe inside the server process.
    state.server = await startWharf(opts.app, {
      port: opts.port,
      say,
      secret,
      profileDir: opts.profile,
      env: probeEnv(probeFile, { intervalMs: PROBE_INTERVAL_MS }),
    }).catch((e) => {
      if (e.server) state.server = e.server;
      throw e;
    });
    const server = state.server;
    await createApiToken(server);
    const registered = await registerHosts(server, engines);
    await registerFleetRegistry(server, fleet.raw.registry);
    await api(server, '/api/v1/services', {
      method: 'POST',
      json: {
        name: service,
        hosts: [releaseEngine.name],
        image: APP,
        labels: { [SOAK_MARK]: run },
        ports: [{ host: servicePort, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
        healthcheck: {
          type: 'http',
          path: '/health',
          port: 8080,
          startPeriodSeconds: 0,
          deadlineSeconds: 30,
        },
        requiresApproval: false,
        stopTimeoutSeconds: 1,
      },
    });
    say(
      `registered ${registered.map((h) => `${h.name}=${h.url}`).join(', ')}, the fleet registry and service ${service} (port ${servicePort})`,
    );
    const first = await releaseOnce(server, service, TAGS[0], servicePort);
    if (first.status !== 'succeeded')
      throw new Error(`the first deploy of ${service} ended ${first.status}: ${first.message}`);
    say(`deployed ${service} ${TAGS[0]} in ${fmt(first.ms)} ms`);

    const pgid = server.child.pid;
    const found = await findServer(pgid, opts.port);
    const serverPid = found?.pid ?? null;
    // The probe writes every PROBE_INTERVAL_MS: its first line from the server's pid proves it is loaded.
    const probeDeadline = nowMs() + 3 * PROBE_INTERVAL_MS;
    let probeLoaded = false;
    while (serverPid && !probeLoaded && nowMs() < probeDeadline) {
      probeLoaded = (await readProbe(probeFile, serverPid)).length > 0;
      if (!probeLoaded) await sleep(500);
    }
    const pids = Object.fromEntries(await probePids(probeFile));
    say(
      `server process ${found ? `${found.pid} (${found.comm})` : 'not found'}; event-loop probe lines from pids ${JSON.stringify(pids)}: ${probeLoaded ? 'loaded in the server' : 'NOT in the server'}`,
    );
    if (!probeLoaded) throw new Error('the event-loop probe did not load into the Wharf server process');

    // 3. The users' sessions: each signs in for itself, as a browser does.
    const users = [];
    for (let i = 0; i < opts.users; i++) {
      // Its own connections, as a browser has.
      const u = { ...server, target: makeTarget({ kind: 'tcp', host: '127.0.0.1', port: opts.port }) };
      state.userTargets.push(u.target);
      await createApiToken(u);
      users.push(u);
    }
    say(`${opts.users} users signed in`);

    // 4. The load.
    const loadStart = nowMs();
    const window = { from: loadStart + opts.warmup * 1000, to: 0 };
    window.to = window.from + opts.minutes * 60_000;
    const inWindow = (at) => at >= window.from && at < window.to;
    await setProbeWindow(probeFile, window.from, window.to);
    const memory = memorySampler(pgid, serverPid, null, opts.sampleSeconds * 1000, { group: false });
    const engineWatch = watchEngines(engines, fleet.raw.pidFiles, 5000);
    await sleep(200);
    const beforeLoad = memory.samples[0];
    say(
      `load: ${opts.users} users, ${opts.streams} streams, a release every ${opts.releaseEvery} s; warm-up ${opts.warmup} s, then ${opts.minutes} min measured (server RSS ${fmt(beforeLoad?.serverMb)} MB)`,
    );
    const latency = createHistogram();
    const streams = [];
    for (let i = 0; i < opts.streams; i++) {
      const c = logContainers[i % logContainers.length];
      const s = {
        index: i,
        host: c.host,
        id: c.id,
        lines: 0,
        windowLines: 0,
        gaps: 0,
        missing: 0,
        backwards: 0,
        skipped: 0,
        errorEvents: [],
        endEvents: [],
        ends: [],
        opens: 0,
        lastSeq: null,
        lastAt: null,
        closing: false,
        handle: null,
      };
      followStream(server, s, { tail: opts.logTail, window, latency });
      streams.push(s);
    }
    state.streams = streams;
    const requests = [];
    const releases = [];
    const userRuns = users.map((user, index) =>
      userLoop({ user, index, hosts, expected, endAt: window.to, requests }),
    );
    const releaseRun = releaseLoop({
      server,
      service,
      servicePort,
      everyMs: opts.releaseEvery * 1000,
      startAt: loadStart,
      endAt: window.to,
      releases,
      firstTag: 1,
    });
    // Lines received per 5 s, for the per-minute table.
    const streamsLines = [];
    // The server's main thread as the scheduler saw it: on a CPU, or runnable and waiting for one.
    const sched = [await readSchedstat(serverPid)].filter(Boolean);
    let lastLines = 0;
    let nextReport = loadStart + 60_000;
    while (nowMs() < window.to && !interrupted) {
      await sleep(Math.min(5000, Math.max(0, window.to - nowMs())));
      const total = streams.reduce((n, s) => n + s.lines, 0);
      streamsLines.push({ at: nowMs(), n: total - lastLines });
      lastLines = total;
      const st = await readSchedstat(serverPid);
      if (st) sched.push(st);
      if (nowMs() >= nextReport) {
        nextReport += 60_000;
        const recent = requests.filter((r) => r.at >= nowMs() - 60_000);
        const ov = recent.filter((r) => r.route === 'overviewApi' && !isError(r)).map((r) => r.ms);
        const probe = (await readProbe(probeFile, serverPid)).at(-1);
        say(
          `${fmt((nowMs() - loadStart) / 1000, 0)} s${nowMs() < window.from ? ' (warm-up)' : ''}: ${recent.length} requests in the last minute, ${recent.filter(isError).length} errors, overview API p99 ${ms(percentile(ov, 99))}; RSS ${fmt(memory.samples.at(-1)?.serverMb)} MB, heap ${fmt(probe?.memory.heapUsedMb)} MB, event-loop p99 ${ms(probe?.delay?.p99)} (5 s); ${total} lines, ${streams.reduce((n, s) => n + s.ends.length, 0)} stream ends; ${releases.length} releases`,
        );
      }
    }
    checkStop();
    say('window over: waiting for the users and the release in flight');
    await Promise.all(userRuns);
    await releaseRun;
    const quietAtEnd = streams.filter((s) => s.lastAt === null || nowMs() - s.lastAt > 10_000).length;
    for (const s of streams) await closeStream(s);
    // The probe's first line after the window holds the whole window's histogram.
    let probe = await readProbe(probeFile, serverPid);
    const waitUntil = nowMs() + 3 * PROBE_INTERVAL_MS;
    while (!probe.some((p) => p.window?.ended && p.at > p.window.ended) && nowMs() < waitUntil) {
      await sleep(1000);
      probe = await readProbe(probeFile, serverPid);
    }
    const memorySamples = await memory.stop();
    const engineEvents = (await engineWatch.stop()).map((e) => ({
      ...e,
      t: round((e.at - loadStart) / 1000),
      inWindow: inWindow(e.at),
    }));
    const serverLog = await serverLogProblems(server.log);

    // 5. Figures.
    const measuredRequests = requests.filter((r) => inWindow(r.at));
    const warmupErrors = requests.filter((r) => r.at < window.from && isError(r));
    const memWindow = memorySamples.filter((s) => inWindow(s.at));
    const probeWindow = probe.filter((p) => p.from >= window.from && p.at <= window.to + 1000 && p.delay);
    const final = probe.filter((p) => p.window?.ended && p.at > p.window.ended).at(0) ?? probe.at(-1);
    const points = (list, x, y) => list.map((s) => ({ x: (x(s) - window.from) / 60_000, y: y(s) }));
    const measuredReleases = releases;
    const releaseMs = measuredReleases.map((r) => r.ms);
    const streamFailures = streams.flatMap((s) => s.ends).filter((e) => e.why.startsWith('failed'));
    const windowSeconds = (window.to - window.from) / 1000;
    const figures = {
      requests: requestFigures(measuredRequests, hosts),
      warmupErrors: warmupErrors.length,
      firstWarmupErrors: warmupErrors.slice(0, 3).map((e) => ({ route: e.route, error: e.error })),
      releases: {
        count: measuredReleases.length,
        ok: measuredReleases.filter((r) => r.status === 'succeeded').length,
        failed: measuredReleases.filter((r) => r.status !== 'succeeded').length,
        servedOther: measuredReleases.filter((r) => r.status === 'succeeded' && r.served !== r.tag).length,
        medianMs: round(median(releaseMs)),
        maxMs: round(releaseMs.length ? Math.max(...releaseMs) : Number.NaN),
        list: measuredReleases.map((r) => ({
          ...r,
          at: round((r.at - loadStart) / 1000),
          ms: round(r.ms),
          inWarmup: r.at < window.from,
        })),
      },
      streams: {
        streams: streams.length,
        lines: streams.reduce((n, s) => n + s.lines, 0),
        windowLines: streams.reduce((n, s) => n + s.windowLines, 0),
        latency: {
          p50: round(latency.count ? latency.percentile(50) / 1000 : Number.NaN),
          p99: round(latency.count ? latency.percentile(99) / 1000 : Number.NaN),
          max: round(latency.count ? latency.max / 1000 : Number.NaN),
          count: latency.count,
        },
        ended: streams.reduce((n, s) => n + s.ends.length, 0) - streamFailures.length,
        failed: streamFailures.length,
        errorEvents: streams.reduce((n, s) => n + s.errorEvents.length, 0),
        firstErrors: [
          ...streams.flatMap((s) => s.errorEvents),
          ...streams.flatMap((s) => s.ends.map((e) => e.why)),
        ].slice(0, 5),
        endEvents: [...new Set(streams.flatMap((s) => s.endEvents))],
        gaps: streams.reduce((n, s) => n + s.gaps, 0),
        missing: streams.reduce((n, s) => n + s.missing, 0),
        backwards: streams.reduce((n, s) => n + s.backwards, 0),
        skipped: streams.reduce((n, s) => n + s.skipped, 0),
        opens: streams.reduce((n, s) => n + s.opens, 0),
        quietAtEnd,
      },
      memory: {
        rss: {
          beforeLoad: round(beforeLoad?.serverMb),
          start: round(memWindow[0]?.serverMb),
          max: round(memWindow.length ? Math.max(...memWindow.map((s) => s.serverMb)) : Number.NaN),
          end: round(memWindow.at(-1)?.serverMb),
          slopeMbPerMin: round(
            slope(
              points(
                memWindow,
                (s) => s.at,
                (s) => s.serverMb,
              ),
            ),
            2,
          ),
          slopeSecondHalfMbPerMin: round(
            slope(
              points(
                memWindow.filter((x) => x.at >= (window.from + window.to) / 2),
                (x) => x.at,
                (x) => x.serverMb,
              ),
            ),
            2,
          ),
          samples: memorySamples.length,
        },
        heap: {
          start: round(probeWindow[0]?.memory.heapUsedMb),
          max: round(
            probeWindow.length ? Math.max(...probeWindow.map((p) => p.memory.heapUsedMb)) : Number.NaN,
          ),
          end: round(probeWindow.at(-1)?.memory.heapUsedMb),
          slopeMbPerMin: round(
            slope(
              points(
                probeWindow,
                (p) => p.at,
                (p) => p.memory.heapUsedMb,
              ),
            ),
            2,
          ),
          // The least heap of each minute is close to what survives a collection: its trend is the
          // live heap's, free of the sawtooth between collections.
          minimaSlopeMbPerMin: round(slope(heapMinima(probeWindow, window.from)), 2),
        },
      },
      eventLoop: {
        resolutionMs: final?.resolutionMs ?? null,
        windowStarted: final?.window?.started ?? null,
        windowEnded: final?.window?.ended ?? null,
        p50: final?.window?.delay?.p50 ?? null,
        p90: final?.window?.delay?.p90 ?? null,
        p99: final?.window?.delay?.p99 ?? null,
        max: final?.window?.delay?.max ?? null,
        mean: final?.window?.delay?.mean ?? null,
        samples: final?.window?.delay?.count ?? 0,
        worstIntervalP99: round(
          probeWindow.length ? Math.max(...probeWindow.map((p) => p.delay.p99)) : Number.NaN,
        ),
        eluMean: round(
          probeWindow.length ? probeWindow.reduce((s, p) => s + p.elu, 0) / probeWindow.length : Number.NaN,
          3,
        ),
        gcMsPerMin: round((probeWindow.reduce((s, p) => s + p.gc.ms, 0) / windowSeconds) * 60),
        gcMaxPauseMs: round(
          probeWindow.length ? Math.max(...probeWindow.map((p) => p.gc.maxMs)) : Number.NaN,
        ),
        gcMajor: probeWindow.reduce((s, p) => s + (p.gc.major?.count ?? 0), 0),
        gcMajorMaxPauseMs: round(
          probeWindow.length ? Math.max(...probeWindow.map((p) => p.gc.major?.maxMs ?? 0)) : Number.NaN,
        ),
        serverCpu: round(cpuShare(probeWindow), 3),
        mainThread: (() => {
          const list = sched.filter((x) => inWindow(x.at));
          const sh = schedShares(list[0], list.at(-1));
          return { onCpu: round(sh.onCpu, 3), waiting: round(sh.waiting, 3) };
        })(),
      },
    };

    const result = {
      bench: 'soak',
      startedAt: started.toISOString(),
      seconds: round((performance.now() - t0) / 1000),
      node: process.version,
      machine: {
        cpus: os.cpus().length,
        loadAvgAtStart: loadAtStart,
        loadAvgAtEnd: os.loadavg().map((x) => round(x, 2)),
      },
      wharf: { app: opts.app, git: gitDescribe(opts.app), build },
      server: { pid: serverPid, comm: found?.comm ?? null, probeLoaded, probePids: pids },
      hosts: registered,
      setup,
      users: opts.users,
      thinkMs: THINK_MS,
      streams: {
        count: opts.streams,
        containers: opts.logContainers,
        ratePerContainer: opts.logRate,
        tail: opts.logTail,
        on: logContainers.map((c) => `${c.host}/${c.name}`),
      },
      releaseEverySeconds: opts.releaseEvery,
      service: { name: service, host: releaseEngine.name, port: servicePort },
      window: { minutes: opts.minutes, warmupSeconds: opts.warmup },
      targets: { ...TARGETS, flatMbPerMin: opts.flatMbPerMin },
      flatMbPerMin: opts.flatMbPerMin,
      figures,
      perMinute: perMinute({
        window,
        requests,
        memory: memorySamples,
        probe: probe.filter((p) => p.at >= loadStart),
        sched,
        streamsLines,
        releases,
      }),
      memorySamples: memorySamples.map((s) => ({
        t: round((s.at - loadStart) / 1000),
        serverMb: round(s.serverMb),
      })),
      probe: probe.map((p) => ({
        t: round((p.at - loadStart) / 1000),
        delay: p.delay,
        elu: p.elu,
        cpu: p.cpu,
        gc: p.gc,
        memory: p.memory,
      })),
      serverLog,
      engineEvents,
    };
    console.log(report(result));
    await writeResult(resultsDir, 'soak', started, result);
    return 0;
  } finally {
    await cleanup();
  }
}

runBench('soak', main, () => interrupted, { stack: true });

// npm run bench -- ports [options]
//
// Times Wharf's per-host port map (GET /api/v1/hosts/{host}/ports) against the floor measured in the same
// run, the raw Engine API GET /containers/json?all=1 of each host, with N bench containers per engine
// publishing one or two ports each (fixed, random, UDP, 127.0.0.1; most running, a few only created).
// Wharf keeps the container list for 2 s and each container's creation facts (its port bindings) for the
// container's life, so the steady state is one container list per map; the first map after a host is
// added inspects every container once and is reported apart. A counting proxy in front of each engine
// counts the Engine API calls per map. Every map is checked against the plan of the bench containers and
// the ports the engine picked. It prints; it does not fail on targets.
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_LABEL, pool, readFleet, waitForEngines } from './lib/fleet.mjs';
import { closeTarget, describeTarget, makeTarget, sendJson } from './lib/http.mjs';
import {
  BENCH_VALUE,
  compareMap,
  ensurePortContainers,
  expectedClaims,
  MAX_CONTAINERS,
  NETWORK,
  portRange,
  removePortContainers,
} from './lib/port-fixtures.mjs';
import { countCalls, startProxies } from './lib/proxies.mjs';
import { runBench, writeResult } from './lib/results.mjs';
import { fmt, median, percentile, round, table } from './lib/stats.mjs';
import {
  api,
  createApiToken,
  ensureBuild,
  gitDescribe,
  newSecret,
  registerHosts,
  removeHosts,
  startWharf,
  stopWharf,
} from './lib/wharf.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

/** Wharf's container list cache per host; a steady map comes at least COLD_GAP_MS after the last one. */
const CACHE_TTL_MS = 2000;
const COLD_GAP_MS = 2100;
const TARGET = { factor: 1.3, plusMs: 30 };
const budgetOf = (rawMs) => rawMs * TARGET.factor + TARGET.plusMs;
const RAW_UA = 'wharf-bench-raw';
const RAW_PATH = '/containers/json?all=1';
/** A Wharf read that touches no engine: the cost of any authenticated API call. */
const API_FLOOR_PATH = '/api/v1/me';
/** Wharf inspects containers it has not seen 8 at a time; the raw first-map floor does the same. */
const INSPECT_PARALLEL = 8;
const MAX_DISTURBED_ROUNDS = 15;
/** Memory a running bench container costs (its shim, a proxy per published port: about 7 MB seen), with room. */
const MB_PER_RUNNING = 12;
const mapPath = (hostId) => `/api/v1/hosts/${hostId}/ports`;

const HELP = `usage: npm run bench -- ports [options]

  --iterations N   measured steady rounds (default 20; each waits ${COLD_GAP_MS} ms for the container list cache to expire)
  --warmup N       unmeasured warm-up rounds after the first map (default 3)
  --containers N   bench containers per engine (default 300, at most ${MAX_CONTAINERS}); 1 in 20 only created
  --parallel N     parallel Engine API calls per engine while making/removing containers (default 8)
  --first-rounds N raw "list + inspect every container" rounds, the first map's floor (default 3)
  --phases LIST    proxied,direct (default both): "proxied" registers the hosts through the counting
                   proxies (calls counted: a steady map must make one GET /containers/json and no
                   inspect); "direct" registers them as production does (mutual TLS / unix socket) and
                   compares with raw calls over the same transport
  --min-free-mb N  memory to leave available: fewer containers per engine when ${MB_PER_RUNNING} MB per running
                   container would leave less (default 2048; 0 turns the guard off)
  --port N         port for \`next start\` (default 3213)
  --app DIR        the Wharf checkout to build and start (default: this repository)
  --build          always run \`next build\` first; --no-build never builds (default: when stale)
  --keep           keep the bench containers and their network at the end
  --profile DIR    write CPU profiles of the Wharf server (node --cpu-prof) into DIR
  -h, --help       this text

Writes bench/results/ports-<timestamp>.json.`;

function options() {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      containers: { type: 'string', default: '300' },
      parallel: { type: 'string', default: '8' },
      'first-rounds': { type: 'string', default: '3' },
      phases: { type: 'string', default: 'proxied,direct' },
      'min-free-mb': { type: 'string', default: '2048' },
      port: { type: 'string', default: '3213' },
      app: { type: 'string', default: repoRoot },
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  const int = (name, min, max = Number.MAX_SAFE_INTEGER) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const phases = values.phases
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of phases)
    if (p !== 'proxied' && p !== 'direct') throw new Error(`unknown phase ${p}: use proxied and/or direct`);
  return {
    help: values.help,
    iterations: int('iterations', 1),
    warmup: int('warmup', 0),
    containers: int('containers', 1, MAX_CONTAINERS),
    parallel: int('parallel', 1, 64),
    firstRounds: int('first-rounds', 0, 20),
    phases,
    minFreeMB: int('min-free-mb', 0),
    port: int('port', 1),
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

/** Median, p95, p90, min and max of a list of times. */
function stats(values) {
  return {
    n: values.length,
    median: round(median(values)),
    p95: round(percentile(values, 95)),
    p90: round(percentile(values, 90)),
    min: round(values.length ? Math.min(...values) : Number.NaN),
    max: round(values.length ? Math.max(...values) : Number.NaN),
    samples: values.map(round),
  };
}

/** MemAvailable of the machine in MB. */
async function memAvailableMB() {
  const text = await readFile('/proc/meminfo', 'utf8');
  const kb = Number(/^MemAvailable:\s+(\d+) kB/m.exec(text)?.[1]);
  return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
}

/** When Wharf's container lists were last filled, so that a steady map waits them out. */
class CacheClock {
  constructor() {
    this.last = 0;
  }
  touch() {
    this.last = performance.now();
  }
  async waitCold() {
    const wait = this.last + COLD_GAP_MS - performance.now();
    if (wait > 0) await sleep(wait);
  }
}

// ------------------------------------------------------------------------------------------ rounds

/** One raw GET /containers/json?all=1, timed to the parsed body. */
async function rawList(target) {
  const res = await sendJson(target, { path: RAW_PATH, headers: { 'user-agent': RAW_UA } });
  if (!Array.isArray(res.data))
    throw new Error(`${describeTarget(target)}: ${RAW_PATH} did not answer a list`);
  return { ms: res.ms, data: res.data, bytes: res.body.length };
}

/** What a first map has to ask, as fast as a client can: the list, then an inspect of every container. */
async function rawListAndInspect(target) {
  const started = performance.now();
  const list = await rawList(target);
  await pool(list.data, INSPECT_PARALLEL, (c) =>
    sendJson(target, { path: `/containers/${c.Id}/json`, headers: { 'user-agent': RAW_UA } }),
  );
  return { ms: performance.now() - started, containers: list.data.length };
}

/** `/containers/<id>/json` -> `/containers/{id}/json`, so that calls group by kind. */
const pathKind = (p) => p.replace(/^\/containers\/(?!json$)[^/]+/, '/containers/{id}');
const isList = (e) => e.method === 'GET' && e.path === '/containers/json';
const isInspect = (e) => e.method === 'GET' && /^\/containers\/(?!json$)[^/]+\/json$/.test(e.path);
const inspectedId = (e) => e.path.split('/')[2];

async function runPhase(ctx) {
  const { phase, opts, engines, server, proxies, reseed } = ctx;
  const counted = phase === 'proxied';
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  await waitForEngines(engines);
  const hosts = await registerHosts(server, engines, {
    proxyPorts: counted ? proxies.ports : null,
    label: phase,
  });
  say(`${phase}: registered ${hosts.map((h) => `${h.name}=${h.url}`).join(', ')}`);
  // Adding a host tests its connection; those calls are not part of any map.
  if (counted) await proxies.mark();
  const names = engines.map((e) => e.name);
  const hostId = Object.fromEntries(hosts.map((h) => [h.name, h.id]));
  const engineIndex = Object.fromEntries(engines.map((e, k) => [e.name, k]));
  const direct = Object.fromEntries(engines.map((e) => [e.name, makeTarget(e.direct)]));
  const viaProxy = Object.fromEntries(
    engines.map((e) => [e.name, makeTarget({ kind: 'tcp', host: '127.0.0.1', port: proxies.ports[e.name] })]),
  );
  const floorTarget = counted ? viaProxy : direct;
  const clock = new CacheClock();
  const perHost = () => Object.fromEntries(names.map((n) => [n, []]));
  const emptyRecord = () => ({
    samples: {
      raw: perHost(),
      rawFirst: perHost(),
      first: perHost(),
      steady: perHost(),
      pairedOver: perHost(),
      pairedSlack: perHost(),
      warm: perHost(),
      apiFloor: [],
    },
    windows: { first: [], steady: [], warm: [] },
    checks: [],
    notes: { rawCount: perHost(), rawBytes: perHost(), wharfBytes: perHost(), claims: perHost() },
    problems: [],
  });
  const total = emptyRecord();
  const disturbances = [];
  const background = [];
  // The containers Wharf has inspected under this registration. Inspecting one again is what the map
  // must not do; inspecting a container made since the last map (other work on the fleet) is once per
  // container life and expected.
  const inspected = Object.fromEntries(names.map((n) => [n, new Set()]));
  const ownCalls = (entries) =>
    entries
      .filter((e) => e.client !== RAW_UA)
      .map((e) => {
        if (!isInspect(e) || !inspected[e.host]) return e;
        const id = inspectedId(e);
        const repeat = inspected[e.host].has(id);
        inspected[e.host].add(id);
        return { ...e, repeat };
      });
  const drainBackground = async () => {
    if (counted) background.push(...ownCalls(await proxies.take()));
  };

  async function runRound(label, fn) {
    for (;;) {
      if (interrupted) throw new Error('interrupted');
      const rec = emptyRecord();
      try {
        await fn(rec);
      } catch (error) {
        rec.problems.push(error.message);
      }
      if (rec.problems.length === 0) {
        for (const part of ['samples', 'windows', 'notes']) {
          for (const [k, v] of Object.entries(rec[part])) {
            if (Array.isArray(v)) total[part][k].push(...v);
            else for (const [n, xs] of Object.entries(v)) total[part][k][n].push(...xs);
          }
        }
        total.checks.push(...rec.checks);
        return;
      }
      if (interrupted) throw new Error('interrupted');
      disturbances.push({ round: label, problems: rec.problems });
      say(
        `${phase}: ${label} disturbed (${rec.problems[0].slice(0, 160)}); waiting for the engines, then repeating it`,
      );
      if (disturbances.length > MAX_DISTURBED_ROUNDS)
        throw new Error(
          `${phase}: more than ${MAX_DISTURBED_ROUNDS} disturbed rounds; last: ${rec.problems[0]}`,
        );
      await waitForEngines(engines);
      await reseed();
      await sleep(COLD_GAP_MS);
    }
  }

  /** One Wharf map as a window: the Engine API calls it caused (proxied phase) go with it. */
  async function portMap(rec, kind, n, list) {
    await drainBackground();
    const res = await api(server, mapPath(hostId[n]));
    clock.touch();
    const calls = counted ? ownCalls(await proxies.take()) : [];
    if (kind) {
      rec.windows[kind].push({ host: n, ms: res.ms, t0: res.t0, t1: res.t1, calls });
      rec.samples[kind][n].push(res.ms);
      rec.notes.wharfBytes[n].push(res.body.length);
      rec.notes.claims[n].push(Array.isArray(res.data?.claims) ? res.data.claims.length : 0);
    }
    const check = checkMap(res.data, n, list);
    if (check.problems.length) rec.problems.push(...check.problems);
    if (kind) rec.checks.push({ kind, host: n, right: check.right, of: check.of, claims: check.claims });
    return res;
  }

  /** The map of host `n` against the bench plan and the engine's own list of the same moment. */
  function checkMap(data, n, list) {
    if (!data || !Array.isArray(data.claims) || data.host?.name !== n)
      return { problems: [`${n}: GET ${mapPath('{host}')} did not answer the host's port map`] };
    const expected = expectedClaims(list, engineIndex[n], opts.containers);
    const got = compareMap(data, expected);
    const problems =
      got.right < got.of
        ? [`${n}: ${got.right} of ${got.of} bench containers right (${got.diffs.join(' | ')})`]
        : [];
    return { problems, ...got };
  }

  /** The raw list of host `n`, a floor sample; its list is what the map is checked against. */
  async function rawFloor(rec, n) {
    const r = await rawList(floorTarget[n]);
    rec.samples.raw[n].push(r.ms);
    rec.notes.rawCount[n].push(r.data.length);
    rec.notes.rawBytes[n].push(r.bytes);
    return r;
  }
  /** Each host's list, outside the figures. */
  async function lists() {
    const out = {};
    for (const n of names) out[n] = (await rawList(floorTarget[n])).data;
    return out;
  }

  // The first map of each host: Wharf has seen none of its containers under this registration.
  say(
    `${phase}: the first map of each host (every container inspected once), after ${opts.firstRounds} raw list + inspect rounds`,
  );
  await runRound('first map', async (rec) => {
    for (let i = 0; i < opts.firstRounds; i++)
      for (const n of names) rec.samples.rawFirst[n].push((await rawListAndInspect(floorTarget[n])).ms);
    const now = await lists();
    for (const n of names) await portMap(rec, 'first', n, now[n]);
  });

  say(`${phase}: warm-up (${opts.warmup} rounds)`);
  for (let i = 0; i < opts.warmup; i++) {
    await runRound(`warm-up ${i + 1}`, async (rec) => {
      const now = await lists();
      await clock.waitCold();
      for (const n of names) await portMap(rec, null, n, now[n]);
    });
  }

  say(
    `${phase}: ${opts.iterations} rounds: per host the raw list, then Wharf's map steady (>= ${COLD_GAP_MS} ms after the container lists were filled); then each map warm`,
  );
  for (let i = 0; i < opts.iterations; i++) {
    await runRound(`round ${i + 1}`, async (rec) => {
      await clock.waitCold();
      // Each host's raw list right before its map, so that both meet the machine in the same state.
      const now = {};
      for (const n of names) {
        const raw = await rawFloor(rec, n);
        now[n] = raw.data;
        const map = await portMap(rec, 'steady', n, now[n]);
        rec.samples.pairedOver[n].push(map.ms - raw.ms);
        rec.samples.pairedSlack[n].push(map.ms - budgetOf(raw.ms));
      }
      for (const n of names) await portMap(rec, 'warm', n, now[n]);
      rec.samples.apiFloor.push((await api(server, API_FLOOR_PATH)).ms);
    });
    if ((i + 1) % 5 === 0) say(`${phase}: round ${i + 1}/${opts.iterations}`);
  }
  await drainBackground();

  await removeHosts(server, hosts);
  for (const t of [...Object.values(direct), ...Object.values(viaProxy)]) closeTarget(t);
  const load = { atStart: loadAtStart, atEnd: os.loadavg().map((x) => round(x, 2)) };
  return { phase, counted, hosts, ...total, disturbances, background, load };
}

// ------------------------------------------------------------------------------------------ analysis

/** Per path kind, the min-max number of calls a window made to each host. */
function callsByPath(windows, names) {
  const keys = {};
  for (const w of windows) {
    const counts = countCalls(w.calls.map((e) => ({ ...e, path: pathKind(e.path) })));
    for (const [h, byKey] of Object.entries(counts))
      for (const [k, v] of Object.entries(byKey)) {
        keys[k] ??= {};
        keys[k][h] = [...(keys[k][h] ?? []), v];
      }
  }
  const range = (xs) => (xs.length ? { min: Math.min(...xs), max: Math.max(...xs) } : { min: 0, max: 0 });
  return Object.fromEntries(
    Object.entries(keys).map(([k, byHost]) => [
      k,
      Object.fromEntries(
        names.map((n) => {
          const mine = windows.filter((w) => w.host === n).length;
          const xs = byHost[n] ?? [];
          return [n, range([...xs, ...Array(Math.max(0, mine - xs.length)).fill(0)])];
        }),
      ),
    ]),
  );
}

/** Engine calls of each window on its own host: container lists, inspects, and calls to other hosts. */
function windowCalls(windows) {
  return windows.map((w) => ({
    host: w.host,
    lists: w.calls.filter((e) => e.host === w.host && isList(e)).length,
    inspects: w.calls.filter((e) => e.host === w.host && isInspect(e)).length,
    repeatInspects: w.calls.filter((e) => e.host === w.host && isInspect(e) && e.repeat).length,
    other: w.calls.filter((e) => e.host === w.host && !isList(e) && !isInspect(e)).length,
    otherHosts: w.calls.filter((e) => e.host !== w.host).length,
  }));
}

function timeline(windows) {
  const parts = windows
    .filter((w) => w.calls.length)
    .map((w) => {
      const first = Math.min(...w.calls.map((e) => e.t0));
      const last = Math.max(...w.calls.map((e) => e.t1 ?? e.t0));
      return { before: first - w.t0, engine: last - first, after: w.t1 - last };
    });
  return {
    beforeFirstEngineCall: stats(parts.map((t) => t.before)),
    engineSpan: stats(parts.map((t) => t.engine)),
    afterLastEngineCall: stats(parts.map((t) => t.after)),
  };
}

function analysePhase(r, names) {
  const s = r.samples;
  const raw = Object.fromEntries(names.map((n) => [n, stats(s.raw[n])]));
  const perHost = Object.fromEntries(
    names.map((n) => {
      const steady = stats(s.steady[n]);
      const warm = stats(s.warm[n]);
      const first = stats(s.first[n]);
      const rawFirst = stats(s.rawFirst[n]);
      const pairedOver = stats(s.pairedOver[n]);
      const pairedSlack = stats(s.pairedSlack[n]);
      const budget = budgetOf(raw[n].median);
      const budgetP95 = budgetOf(raw[n].p95);
      return [
        n,
        {
          raw: raw[n],
          steady,
          warm,
          first,
          rawFirst,
          pairedOver,
          pairedSlack,
          metPaired: pairedSlack.median <= 0,
          budgetMs: round(budget),
          budgetP95Ms: round(budgetP95),
          ratio: round(steady.median / raw[n].median, 2),
          ratioP95: round(steady.p95 / raw[n].p95, 2),
          overMs: round(steady.median - raw[n].median),
          met: steady.median <= budget,
          metP95: steady.p95 <= budgetP95,
          firstVsRawFirst: round(first.median / rawFirst.median, 2),
          rawCount: Math.round(median(r.notes.rawCount[n])),
          rawBytes: median(r.notes.rawBytes[n]),
          wharfBytes: median(r.notes.wharfBytes[n]),
          claims: median(r.notes.claims[n]),
        },
      ];
    }),
  );
  const slowestRaw = names.reduce((a, b) => (raw[a].median >= raw[b].median ? a : b));
  const slowestWharf = names.reduce((a, b) => (perHost[a].steady.median >= perHost[b].steady.median ? a : b));
  const slowest = {
    rawHost: slowestRaw,
    rawMs: raw[slowestRaw].median,
    wharfHost: slowestWharf,
    wharfMs: perHost[slowestWharf].steady.median,
    budgetMs: round(budgetOf(raw[slowestRaw].median)),
    ratio: round(perHost[slowestWharf].steady.median / raw[slowestRaw].median, 2),
    met: perHost[slowestWharf].steady.median <= budgetOf(raw[slowestRaw].median),
  };
  const checks = (kind) => r.checks.filter((c) => c.kind === kind);
  const out = {
    phase: r.phase,
    floorTransport: r.counted ? 'via proxy' : 'direct',
    hosts: r.hosts,
    loadAvg: r.load,
    perHost,
    slowest,
    apiFloor: stats(s.apiFloor),
    checked: {
      maps: r.checks.length,
      right: r.checks.every((c) => c.right === c.of),
      benchContainers: Object.fromEntries(
        names.map((n) => [n, checks('steady').find((c) => c.host === n)?.of]),
      ),
      benchClaims: Object.fromEntries(
        names.map((n) => [n, checks('steady').find((c) => c.host === n)?.claims]),
      ),
    },
    disturbances: r.disturbances,
  };
  if (r.counted) {
    const steady = windowCalls(r.windows.steady);
    const warm = windowCalls(r.windows.warm);
    const first = windowCalls(r.windows.first);
    const ok = steady.every((w) => w.lists === 1 && w.repeatInspects === 0 && w.otherHosts === 0);
    out.calls = {
      first: callsByPath(r.windows.first, names),
      steady: callsByPath(r.windows.steady, names),
      warm: callsByPath(r.windows.warm, names),
      firstInspects: Object.fromEntries(
        names.map((n) => [n, first.filter((w) => w.host === n).reduce((a, w) => a + w.inspects, 0)]),
      ),
      steadyOk: ok,
      steadyLists: {
        min: Math.min(...steady.map((w) => w.lists)),
        max: Math.max(...steady.map((w) => w.lists)),
      },
      steadyInspects: steady.reduce((a, w) => a + w.inspects, 0),
      steadyRepeatInspects: steady.reduce((a, w) => a + w.repeatInspects, 0),
      steadyMapsWithInspects: steady.filter((w) => w.inspects > 0).length,
      steadyOther: steady.reduce((a, w) => a + w.other, 0),
      steadyOtherHosts: steady.reduce((a, w) => a + w.otherHosts, 0),
      warmLists: warm.reduce((a, w) => a + w.lists, 0),
      warmInspects: warm.reduce((a, w) => a + w.inspects, 0),
      firstRepeatInspects: first.reduce((a, w) => a + w.repeatInspects, 0),
      windows: { first: first.length, steady: steady.length, warm: warm.length },
      background: countCalls(r.background.map((e) => ({ ...e, path: pathKind(e.path) }))),
      timelineSteady: timeline(r.windows.steady),
      timelineFirst: timeline(r.windows.first),
    };
  }
  return out;
}

// ------------------------------------------------------------------------------------------ report

const mark = (ok) => (ok ? 'MET' : 'MISSED');
const row = (label, st, extra = '') => [
  label,
  fmt(st.median),
  fmt(st.p95),
  fmt(st.min),
  fmt(st.max),
  String(st.n),
  extra,
];
const rangeText = (r) => (r.min === r.max ? String(r.max) : `${r.min}-${r.max}`);

function report(result, names) {
  const lines = [];
  const { setup, machine } = result;
  lines.push('');
  lines.push(
    `Wharf ports bench: ${names.length} hosts x ${setup.containers} bench containers (${setup.hosts.map((h) => `${h.host} ${h.running} running, ${h.bindings} published ports`).join('; ')})${setup.cappedFrom ? `; capped from ${setup.cappedFrom} by the memory guard` : ''}`,
  );
  lines.push(
    `machine: ${machine.cpus} CPUs, load average ${machine.loadAvgAtStart[0]} at start, ${machine.loadAvgAtEnd[0]} at end; MemAvailable ${machine.memAvailableMB.beforeSetup} MB before the bench containers, ${machine.memAvailableMB.afterSetup} MB after (other work on the machine skews the figures)`,
  );
  lines.push(
    `${result.iterations} rounds after ${result.warmup} warm-up rounds; steady = container list cache (${CACHE_TTL_MS} ms) expired, creation facts cached; warm = right after (list cached); first = the first map after the host was added (every container inspected). Times in ms.`,
  );
  for (const p of result.phases) {
    lines.push('');
    lines.push(
      p.phase === 'proxied'
        ? '== Phase "proxied": Wharf reaches each engine through a counting proxy (tcp://127.0.0.1:<port> -> unix socket); floor = raw call through the same proxy'
        : '== Phase "direct": Wharf reaches each engine as in production (mutual TLS / unix socket); floor = raw call over the same transport',
    );
    lines.push(`load average ${p.loadAvg.atStart[0]} at the phase's start, ${p.loadAvg.atEnd[0]} at its end`);
    const rows = [];
    for (const n of names) {
      const h = p.perHost[n];
      rows.push(
        row(
          `raw GET ${RAW_PATH}  ${n} (${h.rawCount} containers, ${fmt(h.rawBytes / 1000)} kB)`,
          h.raw,
          n === p.slowest.rawHost ? 'slowest host' : '',
        ),
      );
    }
    for (const n of names)
      rows.push(
        row(
          `raw list + inspect each (${INSPECT_PARALLEL} in flight)  ${n}`,
          p.perHost[n].rawFirst,
          'floor of first',
        ),
      );
    rows.push(row(`Wharf GET ${API_FLOOR_PATH} (no engine call)`, p.apiFloor, 'reference'));
    for (const n of names) {
      const h = p.perHost[n];
      rows.push(
        row(
          `Wharf GET .../hosts/${n}/ports  steady (${h.claims} claims, ${fmt(h.wharfBytes / 1000)} kB)`,
          h.steady,
        ),
      );
    }
    for (const n of names)
      rows.push(row(`Wharf map - raw list just before it  ${n}`, p.perHost[n].pairedOver, 'paired'));
    for (const n of names)
      rows.push(row(`Wharf GET .../hosts/${n}/ports  warm`, p.perHost[n].warm, 'reference'));
    for (const n of names)
      rows.push(row(`Wharf GET .../hosts/${n}/ports  first`, p.perHost[n].first, 'cold'));
    lines.push(table(['', 'median', 'p95', 'min', 'max', 'n', ''], rows));
    lines.push('');
    const targets = [];
    for (const n of names) {
      const h = p.perHost[n];
      targets.push([
        `map ${n} steady / raw (median)`,
        `${fmt(h.ratio, 2)}x`,
        `${fmt(h.steady.median)} ms vs budget ${fmt(h.budgetMs)} ms (raw ${fmt(h.raw.median)}, +${fmt(h.overMs)} ms)`,
        `<= ${TARGET.factor}x raw + ${TARGET.plusMs} ms`,
        mark(h.met),
      ]);
    }
    for (const n of names) {
      const h = p.perHost[n];
      targets.push([
        `map ${n} steady / raw (p95)`,
        `${fmt(h.ratioP95, 2)}x`,
        `${fmt(h.steady.p95)} ms vs budget ${fmt(h.budgetP95Ms)} ms (raw p95 ${fmt(h.raw.p95)})`,
        `<= ${TARGET.factor}x raw + ${TARGET.plusMs} ms`,
        mark(h.metP95),
      ]);
    }
    const sl = p.slowest;
    targets.push([
      'slowest map / slowest raw host (median)',
      `${fmt(sl.ratio, 2)}x`,
      `${fmt(sl.wharfMs)} ms (${sl.wharfHost}) vs budget ${fmt(sl.budgetMs)} ms (raw ${fmt(sl.rawMs)}, ${sl.rawHost})`,
      `<= ${TARGET.factor}x raw + ${TARGET.plusMs} ms`,
      mark(sl.met),
    ]);
    for (const n of names) {
      const h = p.perHost[n];
      targets.push([
        `map ${n} steady, paired with its raw list`,
        '',
        `median of (map - budget of the raw list just before it) ${fmt(h.pairedSlack.median)} ms; of (map - raw) ${fmt(h.pairedOver.median)} ms`,
        '<= 0 ms',
        `${mark(h.metPaired)} (reference)`,
      ]);
    }
    for (const n of names) {
      const h = p.perHost[n];
      targets.push([
        `first map ${n} / raw list + inspect each`,
        `${fmt(h.firstVsRawFirst, 2)}x`,
        `${fmt(h.first.median)} ms vs ${fmt(h.rawFirst.median)} ms`,
        'reference',
        '',
      ]);
    }
    lines.push(table(['target', 'ratio', 'figures', 'target', ''], targets));
    const c = p.checked;
    lines.push(
      `map content: ${c.maps} maps checked against the bench plan and the engine's list, ${c.right ? 'all right' : 'NOT ALL RIGHT'}; bench containers ${names.map((n) => `${n} ${c.benchContainers[n]} (${c.benchClaims[n]} claims)`).join(', ')}`,
    );
    if (p.calls) {
      const k = p.calls;
      lines.push('');
      lines.push(
        "Engine API calls seen by the counting proxies (Wharf only; the bench's raw calls excluded):",
      );
      for (const kind of ['steady', 'first']) {
        const keys = Object.keys(k[kind]).sort();
        lines.push(
          table(
            [`per ${kind} map: calls to its host (min-max over rounds)`, ...names],
            keys.map((key) => [key, ...names.map((n) => rangeText(k[kind][key][n]))]),
          ),
        );
      }
      lines.push(
        `steady map: GET /containers/json per map ${rangeText(k.steadyLists)}; inspects of containers already seen ${k.steadyRepeatInspects}; other calls ${k.steadyOther}, calls to other hosts ${k.steadyOtherHosts}; over ${k.windows.steady} maps  -> ${k.steadyOk ? 'OK (one list, no inspect of a seen container)' : 'FAILED (not one list, or a seen container inspected again)'}`,
      );
      lines.push(
        `steady map: inspects of containers new since the last map (made by other work on the fleet meanwhile; once per container life) ${k.steadyInspects - k.steadyRepeatInspects}, in ${k.steadyMapsWithInspects} of ${k.windows.steady} maps`,
      );
      lines.push(
        `warm map (list cached): GET /containers/json ${k.warmLists}, inspects ${k.warmInspects} over ${k.windows.warm} maps; first map inspects: ${names.map((n) => `${n} ${k.firstInspects[n]}`).join(', ')} (of a container inspected twice: ${k.firstRepeatInspects})`,
      );
      const bg = Object.entries(k.background).flatMap(([h, byKey]) =>
        Object.entries(byKey).map(([key, v]) => `${h} ${key} x${v}`),
      );
      lines.push(`engine calls outside measured windows (background): ${bg.length ? bg.join(', ') : 'none'}`);
      const tl = (t) =>
        `request -> first engine call ${fmt(t.beforeFirstEngineCall.median)}, engine calls span ${fmt(t.engineSpan.median)}, last engine answer -> response read ${fmt(t.afterLastEngineCall.median)}`;
      lines.push(`timeline of a steady map (medians, ms): ${tl(k.timelineSteady)}`);
      lines.push(`timeline of a first map (medians, ms): ${tl(k.timelineFirst)}`);
    }
    if (p.disturbances.length)
      lines.push(
        `disturbed and repeated rounds: ${p.disturbances.length} (${p.disturbances
          .map((d) => `${d.round}: ${d.problems[0].slice(0, 100)}`)
          .slice(0, 5)
          .join(' | ')})`,
      );
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------ main

async function main() {
  const opts = options();
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  const started = new Date();
  const loadAtStart = os.loadavg().map((x) => round(x, 2));
  const fleet = await readFleet();
  const engines = fleet.engines;
  const names = engines.map((e) => e.name);
  say(
    `fleet: ${engines.map((e) => `${e.name} (${describeTarget(e.direct)}, socket ${e.socketPath})`).join(', ')}`,
  );

  const state = { server: null, proxies: null, made: false };
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (state.server) {
        say('stopping Wharf');
        await stopWharf(state.server).catch((e) => console.error(`could not stop Wharf: ${e.message}`));
      }
      if (state.proxies) await state.proxies.stop().catch(() => {});
      if (state.made && !opts.keep) {
        say(`removing the bench containers and the ${NETWORK} networks (--keep keeps them)`);
        await Promise.all(
          engines.map(async (e) => {
            const t = performance.now();
            const r = await removePortContainers(e, { parallel: opts.parallel }).catch((err) => {
              console.error(`${e.name}: could not remove the bench containers: ${err.message}`);
              return null;
            });
            if (r)
              say(
                `${e.name}: removed ${r.containers} containers and ${r.networks} network (${((performance.now() - t) / 1000).toFixed(1)} s)`,
              );
          }),
        );
      }
      for (const e of engines) closeTarget(e.socket);
    })());
  const onSignal = (sig) => {
    interrupted = true;
    console.error(`\n${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const versions = {};
    for (const e of engines) {
      const v = await sendJson(e.socket, { path: '/version' }).catch((err) => {
        throw new Error(
          `${e.name} does not answer on ${e.socketPath}: ${err.message}; is the fleet up (\`npm run fleet -- status\`)?`,
        );
      });
      versions[e.name] = { version: v.data.Version, apiVersion: v.data.ApiVersion };
    }

    const resultsDir = path.join(repoRoot, 'bench', 'results');
    await mkdir(resultsDir, { recursive: true });
    const secret = newSecret();
    const build = await ensureBuild(opts.app, { mode: opts.build, logDir: resultsDir, say, secret });
    if (build.built) say(`built in ${build.seconds} s`);

    // Every running bench container costs a shim process and a userland proxy per published port. The
    // ones already there (a run with --keep) cost nothing more.
    const memBefore = await memAvailableMB();
    let containers = opts.containers;
    let cappedFrom = null;
    if (opts.minFreeMB && memBefore !== null) {
      const there = await Promise.all(
        engines.map(async (e) => {
          const f = encodeURIComponent(
            JSON.stringify({ label: [`${BENCH_LABEL}=${BENCH_VALUE}`], status: ['running'] }),
          );
          const { data } = await sendJson(e.socket, { path: `/containers/json?filters=${f}` });
          return data.length;
        }),
      );
      const running = (n) => n - Math.floor(n / 20);
      const need = (n) =>
        engines.reduce((a, _, k) => a + Math.max(0, running(n) - (there[k] ?? 0)), 0) * MB_PER_RUNNING;
      while (containers > 1 && memBefore - need(containers) < opts.minFreeMB) containers--;
      if (containers < opts.containers) {
        cappedFrom = opts.containers;
        say(
          `MemAvailable is ${memBefore} MB: at ${MB_PER_RUNNING} MB per running container, ${opts.containers} per engine would leave less than --min-free-mb ${opts.minFreeMB}; using ${containers} per engine`,
        );
      }
    }
    opts.containers = containers;

    say(
      `setting up ${containers} bench containers per engine (label ${BENCH_LABEL}=${BENCH_VALUE}, network ${NETWORK}, host ports ${engines.map((e, k) => `${e.name} ${portRange(k).from}-${portRange(k).to}`).join(', ')} and random), on all engines at once, ${opts.parallel} calls in parallel each`,
    );
    state.made = true;
    const ensureAll = ({ quiet }) =>
      Promise.all(
        engines.map(async (e, k) => {
          const t = performance.now();
          const r = await ensurePortContainers(e, k, {
            count: containers,
            image: fleet.image,
            parallel: opts.parallel,
            isStopped: () => interrupted,
          });
          if (!quiet || r.created || r.started)
            say(
              `${e.name}: ${quiet ? 're-' : ''}created ${r.created} (${r.remade} of another plan), reused ${r.reused}, started ${r.started} (${r.failedStarts} starts lost a random port to another engine and were repeated), removed ${r.removed} surplus; ${r.running} of ${r.containers} running, ${r.bindings} published ports (${((performance.now() - t) / 1000).toFixed(1)} s)`,
            );
          return { host: e.name, ...r };
        }),
      );
    const setupStart = performance.now();
    const setupHosts = await ensureAll({ quiet: false });
    const setupSeconds = round((performance.now() - setupStart) / 1000);
    const memAfter = await memAvailableMB();
    const reseed = () => ensureAll({ quiet: true });

    state.proxies = await startProxies(engines.map((e) => ({ name: e.name, socketPath: e.socketPath })));
    say(`counting proxies: ${names.map((n) => `${n} 127.0.0.1:${state.proxies.ports[n]}`).join(', ')}`);

    state.server = await startWharf(opts.app, {
      port: opts.port,
      say,
      profileDir: opts.profile,
      secret,
    }).catch((e) => {
      if (e.server) state.server = e.server;
      throw e;
    });
    await createApiToken(state.server);
    say('signed in as admin and made an API token');

    // The server's first request to the map loads its code; a throwaway registration of one engine
    // takes that cost, so that each phase's first map is a first map of a running server.
    const warmHosts = await registerHosts(state.server, engines.slice(-1), { label: 'warm-up' });
    await api(state.server, mapPath(warmHosts[0].id));
    await removeHosts(state.server, warmHosts);
    say(`loaded the map's code with a throwaway registration of ${warmHosts[0].name}`);

    const phases = [];
    for (const phase of opts.phases) {
      const r = await runPhase({
        phase,
        opts,
        engines,
        server: state.server,
        proxies: state.proxies,
        reseed,
      });
      phases.push(analysePhase(r, names));
    }

    const result = {
      bench: 'ports',
      startedAt: started.toISOString(),
      seconds: round((performance.now() - t0) / 1000),
      node: process.version,
      machine: {
        cpus: os.cpus().length,
        memTotalMB: Math.round(os.totalmem() / 2 ** 20),
        memAvailableMB: { beforeSetup: memBefore, afterSetup: memAfter },
        loadAvgAtStart: loadAtStart,
        loadAvgAtEnd: os.loadavg().map((x) => round(x, 2)),
      },
      wharf: { app: opts.app, git: gitDescribe(opts.app), build },
      engines: versions,
      iterations: opts.iterations,
      warmup: opts.warmup,
      cacheTtlMs: CACHE_TTL_MS,
      coldGapMs: COLD_GAP_MS,
      targets: {
        mapVsRaw: TARGET,
        steadyCallsPerMap: { 'GET /containers/json': 1, 'GET /containers/{id}/json': 0 },
      },
      setup: { containers, cappedFrom, seconds: setupSeconds, hosts: setupHosts },
      phases,
    };
    console.log(report(result, names));
    await writeResult(resultsDir, 'ports', started, result);
    return 0;
  } finally {
    await cleanup();
  }
}

runBench('ports', main, () => interrupted);

// npm run bench -- overview [options]
//
// Times Wharf's fleet overview (GET /api/v1/hosts) and per-host container list
// (GET /api/v1/hosts/{host}/containers) against the floor, the raw Engine API GET /containers/json?all=1
// on each host, with N bench containers per engine. Cold (the 2 s container cache expired) and warm
// (cache fresh) are measured apart. A counting proxy in front of each engine's unix socket counts the
// Engine API calls Wharf makes per refresh. It prints; it does not fail on targets.
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBenchContainers, readFleet, removeBenchContainers, waitForEngines } from './lib/fleet.mjs';
import { closeTarget, describeTarget, makeTarget, sendJson } from './lib/http.mjs';
import { callsTo, countCalls, startProxies } from './lib/proxies.mjs';
import { runBench, writeResult } from './lib/results.mjs';
import { fmt, median, round, summarize, table } from './lib/stats.mjs';

import { api, createApiToken, ensureBuild, newSecret, page, startWharf, stopWharf } from './lib/wharf.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

const CACHE_TTL_MS = 2000;
const COLD_GAP_MS = 2100;
const RAW_PATH = '/containers/json?all=1';
const TARGET_OVERVIEW = 1.5;
const TARGET_LIST = { factor: 1.3, plusMs: 30 };
const RAW_UA = 'wharf-bench-raw';
/** What one overview refresh asks each engine; the same calls made raw are the floor of that design. */
const PROBE_PATHS = ['/version', '/info', '/containers/json?all=1', '/volumes'];

const HELP = `usage: npm run bench -- overview [options]

  --iterations N   measured iterations for each figure (default 20)
  --warmup N       unmeasured warm-up rounds (default 3)
  --containers N   bench containers per engine (default 300)
  --running N      how many of them are started (default 10)
  --parallel N     parallel Engine API calls while creating/removing containers (default 8)
  --phases LIST    proxied,direct (default both): "proxied" registers the hosts through the counting
                   proxies (calls counted); "direct" registers them as production does (mutual TLS /
                   unix socket) and compares with raw calls over the same transport
  --port N         port for \`next start\` (default 3210)
  --app DIR        the Wharf checkout to build and start (default: this repository)
  --build          always run \`next build\` first; --no-build never builds (default: when stale)
  --pages LIST     pages loaded in the page-load check (default "/,/hosts/{host}")
  --keep           keep the bench containers at the end
  --profile DIR    write CPU profiles of the Wharf server (node --cpu-prof) into DIR
  -h, --help       this text

Writes bench/results/overview-<timestamp>.json.`;

function options() {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      containers: { type: 'string', default: '300' },
      running: { type: 'string', default: '10' },
      parallel: { type: 'string', default: '8' },
      phases: { type: 'string', default: 'proxied,direct' },
      port: { type: 'string', default: '3210' },
      app: { type: 'string', default: repoRoot },
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      pages: { type: 'string', default: '/,/hosts/{host}' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  const int = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
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
    containers: int('containers', 1),
    running: int('running', 0),
    parallel: int('parallel', 1),
    port: int('port', 1),
    phases,
    app: path.resolve(values.app),
    build: values['no-build'] ? 'never' : values.build ? 'always' : 'auto',
    pages: values.pages
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
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

function gitDescribe(dir) {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() !== '';
    return { commit, dirty };
  } catch {
    return null;
  }
}

/** One raw GET /containers/json?all=1, timed to the parsed body. */
async function rawList(target) {
  const res = await sendJson(target, { path: RAW_PATH, headers: { 'user-agent': RAW_UA } });
  if (!Array.isArray(res.data))
    throw new Error(`${describeTarget(target)}: /containers/json did not answer a list`);
  return { ms: res.ms, count: res.data.length };
}

/**
 * Tracks when each host's container cache was last filled, so that a cold measurement waits out the
 * TTL and a warm one is known to hit it.
 */
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

async function registerHosts(server, engines, phase, proxyPorts) {
  const hosts = [];
  for (const e of engines) {
    let body;
    if (phase === 'proxied')
      body = { name: e.name, url: `tcp://127.0.0.1:${proxyPorts[e.name]}`, labels: { bench: 'proxied' } };
    else if (e.direct.kind === 'tls') {
      body = {
        name: e.name,
        url: e.url,
        tls: { ca: e.direct.ca, cert: e.direct.cert, key: e.direct.key },
        labels: { bench: 'direct' },
      };
    } else if (e.direct.kind === 'unix')
      body = { name: e.name, url: `unix://${e.direct.socketPath}`, labels: { bench: 'direct' } };
    else body = { name: e.name, url: e.url, labels: { bench: 'direct' } };
    const { data } = await api(server, '/api/v1/hosts', { method: 'POST', json: body });
    hosts.push({ name: e.name, id: data.id, url: body.url });
  }
  return hosts;
}

async function removeHosts(server, hosts) {
  for (const h of hosts) await api(server, `/api/v1/hosts/${h.id}`, { method: 'DELETE' });
}

function checkOverview(data, engines, expected) {
  if (!Array.isArray(data)) throw new Error('GET /api/v1/hosts did not answer a list');
  const problems = [];
  for (const e of engines) {
    const row = data.find((h) => h.name === e.name);
    if (!row) problems.push(`${e.name}: missing`);
    else if (row.status !== 'up') problems.push(`${e.name}: ${row.status} ${row.error?.message ?? ''}`);
    else if ((row.counts?.containers ?? 0) < expected[e.name])
      problems.push(`${e.name}: ${row.counts?.containers} containers, expected ${expected[e.name]}`);
  }
  return problems;
}

const MAX_DISTURBED_ROUNDS = 15;

/** Runs one phase: raw floor, cold and warm overview and lists, and (through the proxies) call counts. */
async function runPhase({ phase, opts, engines, server, proxies, expected, reseed }) {
  const counted = phase === 'proxied';
  await waitForEngines(engines);
  const hosts = await registerHosts(server, engines, phase, proxies.ports);
  say(`${phase}: registered ${hosts.map((h) => `${h.name}=${h.url}`).join(', ')}`);
  // Adding a host tests its connection; those calls are not part of any refresh.
  if (counted) await proxies.mark();
  const direct = Object.fromEntries(engines.map((e) => [e.name, makeTarget(e.direct)]));
  const viaProxy = Object.fromEntries(
    engines.map((e) => [e.name, makeTarget({ kind: 'tcp', host: '127.0.0.1', port: proxies.ports[e.name] })]),
  );
  const floorTarget = counted ? viaProxy : direct;
  const names = engines.map((e) => e.name);
  const clock = new CacheClock();
  const disturbances = [];
  const perHost = () => Object.fromEntries(names.map((n) => [n, []]));
  const emptyRecord = () => ({
    samples: {
      rawFloor: perHost(),
      rawDirect: perHost(),
      rawFanout: [],
      rawProbeFanout: [],
      overviewCold: [],
      overviewWarm: [],
      listCold: perHost(),
      listWarm: perHost(),
    },
    windows: { overviewCold: [], overviewWarm: [], listCold: [], listWarm: [] },
    problems: [],
  });
  const total = emptyRecord();
  const background = [];
  const ownCalls = (entries) => entries.filter((e) => e.client !== RAW_UA);
  const drainBackground = async () => {
    if (counted) background.push(...ownCalls(await proxies.take()));
  };

  /**
   * Runs one round into a fresh record and keeps it only if nothing disturbed it (an engine that
   * went away, a host not up in the overview); a disturbed round is repeated once the engines answer.
   */
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
        for (const [k, v] of Object.entries(rec.samples)) {
          if (Array.isArray(v)) total.samples[k].push(...v);
          else for (const [n, xs] of Object.entries(v)) total.samples[k][n].push(...xs);
        }
        for (const [k, v] of Object.entries(rec.windows)) total.windows[k].push(...v);
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
      clock.touch();
    }
  }

  /** One Wharf call; in the proxied phase the Engine API calls it caused go with its window. */
  async function measured(rec, kind, fn, extra = {}) {
    await drainBackground();
    const res = await fn();
    const calls = counted ? ownCalls(await proxies.take()) : [];
    if (kind) rec.windows[kind].push({ ms: res.ms, t0: res.t0, t1: res.t1, calls, ...extra });
    return res;
  }
  const overview = async (rec, kind) => {
    const res = await measured(rec, kind, () => api(server, '/api/v1/hosts'));
    clock.touch();
    const bad = checkOverview(res.data, engines, expected);
    if (bad.length) rec.problems.push(`overview: ${bad.join('; ')}`);
    return res;
  };
  const list = async (rec, kind, name) => {
    const res = await measured(rec, kind, () => api(server, `/api/v1/hosts/${name}/containers`), {
      host: name,
    });
    clock.touch();
    if (!Array.isArray(res.data) || res.data.length < expected[name]) {
      rec.problems.push(
        `list ${name}: ${Array.isArray(res.data) ? res.data.length : typeof res.data} containers, expected ${expected[name]}`,
      );
    }
    return res;
  };

  say(`${phase}: warm-up (${opts.warmup} rounds)`);
  for (let i = 0; i < opts.warmup; i++) {
    await runRound(`warm-up ${i + 1}`, async (rec) => {
      for (const n of names) {
        await rawList(floorTarget[n]);
        if (counted) await rawList(direct[n]);
      }
      await overview(rec, null);
      for (const n of names) await list(rec, null, n);
    });
  }

  say(
    `${phase}: cold rounds (${opts.iterations}; each Wharf call >= ${COLD_GAP_MS} ms after the cache was filled)`,
  );
  for (let i = 0; i < opts.iterations; i++) {
    await runRound(`cold round ${i + 1}`, async (rec) => {
      const s = rec.samples;
      for (const n of names) {
        s.rawFloor[n].push((await rawList(floorTarget[n])).ms);
        if (counted) s.rawDirect[n].push((await rawList(direct[n])).ms);
      }
      const fanStart = performance.now();
      await Promise.all(names.map((n) => rawList(floorTarget[n])));
      s.rawFanout.push(performance.now() - fanStart);
      const probeStart = performance.now();
      await Promise.all(
        names.flatMap((n) =>
          PROBE_PATHS.map((p) => sendJson(floorTarget[n], { path: p, headers: { 'user-agent': RAW_UA } })),
        ),
      );
      s.rawProbeFanout.push(performance.now() - probeStart);
      await clock.waitCold();
      s.overviewCold.push((await overview(rec, 'overviewCold')).ms);
      await clock.waitCold();
      for (const n of names) s.listCold[n].push((await list(rec, 'listCold', n)).ms);
    });
    if ((i + 1) % 5 === 0) say(`${phase}: cold ${i + 1}/${opts.iterations}`);
  }

  say(
    `${phase}: warm rounds (${opts.iterations}; an unmeasured overview fills the expired cache, then the measured calls)`,
  );
  for (let i = 0; i < opts.iterations; i++) {
    await runRound(`warm round ${i + 1}`, async (rec) => {
      // Start from an expired cache so the unmeasured call surely fills it; the measured ones follow
      // well within the TTL.
      await clock.waitCold();
      await overview(rec, null);
      rec.samples.overviewWarm.push((await overview(rec, 'overviewWarm')).ms);
      for (const n of names) rec.samples.listWarm[n].push((await list(rec, 'listWarm', n)).ms);
    });
  }

  // A page load as a person makes it: the overview page with its API read, then a host page with its reads.
  const pageLoad = { pages: [], calls: [] };
  const first = names[0];
  const overviewPages = opts.pages.filter((p) => !p.includes('{host}'));
  const hostPages = opts.pages.filter((p) => p.includes('{host}')).map((p) => p.replace('{host}', first));
  await runRound('page load', async () => {
    pageLoad.pages = [];
    await clock.waitCold();
    await drainBackground();
    const load = async (p) => {
      const res = await page(server, p);
      pageLoad.pages.push({ path: p, status: res.status, ms: round(res.ms) });
    };
    await Promise.all([...overviewPages.map(load), api(server, '/api/v1/hosts')]);
    await Promise.all([
      ...hostPages.map(load),
      api(server, `/api/v1/hosts/${first}`),
      api(server, `/api/v1/hosts/${first}/containers`),
    ]);
    clock.touch();
    if (counted) pageLoad.calls = ownCalls(await proxies.take());
  });

  // Several tabs refreshing the overview at once still make one container list call per host.
  const burst = { concurrent: 5, calls: [], ms: [] };
  await runRound('burst', async (rec) => {
    await clock.waitCold();
    await drainBackground();
    const answers = await Promise.all(
      Array.from({ length: burst.concurrent }, () => api(server, '/api/v1/hosts')),
    );
    clock.touch();
    for (const a of answers) {
      const bad = checkOverview(a.data, engines, expected);
      if (bad.length) rec.problems.push(`overview: ${bad.join('; ')}`);
    }
    burst.ms = answers.map((r) => round(r.ms));
    if (counted) burst.calls = ownCalls(await proxies.take());
  });

  await removeHosts(server, hosts);
  for (const t of [...Object.values(direct), ...Object.values(viaProxy)]) closeTarget(t);
  return {
    phase,
    counted,
    hosts,
    samples: total.samples,
    windows: total.windows,
    pageLoad,
    burst,
    background,
    disturbances,
    floorKind: counted ? 'via proxy' : 'direct',
  };
}

function analysePhase(r, names) {
  const floor = Object.fromEntries(names.map((n) => [n, summarize(r.samples.rawFloor[n])]));
  const slowest = names.reduce((a, b) => (floor[a].median >= floor[b].median ? a : b));
  const slowestMs = floor[slowest].median;
  const ov = { cold: summarize(r.samples.overviewCold), warm: summarize(r.samples.overviewWarm) };
  const lists = Object.fromEntries(
    names.map((n) => {
      const cold = summarize(r.samples.listCold[n]);
      const warm = summarize(r.samples.listWarm[n]);
      const budget = floor[n].median * TARGET_LIST.factor + TARGET_LIST.plusMs;
      return [
        n,
        {
          cold,
          warm,
          budgetMs: round(budget),
          ratioCold: round(cold.median / floor[n].median, 2),
          ratioWarm: round(warm.median / floor[n].median, 2),
          metCold: cold.median <= budget,
          metWarm: warm.median <= budget,
        },
      ];
    }),
  );
  const out = {
    phase: r.phase,
    floorTransport: r.floorKind,
    hosts: r.hosts,
    raw: floor,
    rawDirect: r.counted
      ? Object.fromEntries(names.map((n) => [n, summarize(r.samples.rawDirect[n])]))
      : undefined,
    rawFanout: summarize(r.samples.rawFanout),
    rawProbeFanout: summarize(r.samples.rawProbeFanout),
    slowestHost: slowest,
    overview: {
      ...ov,
      ratioCold: round(ov.cold.median / slowestMs, 2),
      ratioWarm: round(ov.warm.median / slowestMs, 2),
      ratioColdVsRawFanout: round(ov.cold.median / median(r.samples.rawFanout), 2),
      ratioColdVsRawProbeFanout: round(ov.cold.median / median(r.samples.rawProbeFanout), 2),
      metCold: ov.cold.median <= TARGET_OVERVIEW * slowestMs,
      metWarm: ov.warm.median <= TARGET_OVERVIEW * slowestMs,
    },
    lists,
    pageLoad: { pages: r.pageLoad.pages },
    burst: { concurrent: r.burst.concurrent, ms: r.burst.ms },
    disturbances: r.disturbances,
  };
  if (r.counted) out.calls = analyseCalls(r, names);
  return out;
}

function analyseCalls(r, names) {
  const perRefresh = (windows) => {
    const maxByKey = {};
    const minByKey = {};
    for (const w of windows) {
      const counts = countCalls(w.calls);
      for (const n of names) {
        const keys = new Set([...Object.keys(counts[n] ?? {}), ...Object.keys(maxByKey[n] ?? {})]);
        for (const k of keys) {
          const v = counts[n]?.[k] ?? 0;
          maxByKey[n] ??= {};
          minByKey[n] ??= {};
          maxByKey[n][k] = Math.max(maxByKey[n][k] ?? 0, v);
          minByKey[n][k] = Math.min(minByKey[n][k] ?? Number.POSITIVE_INFINITY, v);
        }
      }
    }
    return { windows: windows.length, max: maxByKey, min: minByKey };
  };
  const maxListPerHost = (windows) =>
    Object.fromEntries(
      names.map((n) => [
        n,
        Math.max(0, ...windows.map((w) => callsTo(w.calls, n, 'GET', '/containers/json'))),
      ]),
    );

  // Where an overview's time goes: each engine call's duration through the proxy, and what Wharf adds
  // over the slowest of them.
  const durations = {};
  const overhead = [];
  for (const w of r.windows.overviewCold) {
    let slowest = 0;
    for (const e of w.calls) {
      const key = `${e.method} ${e.path}`;
      durations[e.host] ??= {};
      durations[e.host][key] ??= [];
      durations[e.host][key].push(e.ms ?? Number.NaN);
      slowest = Math.max(slowest, e.ms ?? 0);
    }
    overhead.push(w.ms - slowest);
  }
  const engineMs = Object.fromEntries(
    Object.entries(durations).map(([h, byKey]) => [
      h,
      Object.fromEntries(Object.entries(byKey).map(([k, v]) => [k, round(median(v))])),
    ]),
  );
  const listOverhead = r.windows.listCold.map((w) => w.ms - Math.max(0, ...w.calls.map((e) => e.ms ?? 0)));
  const phases = (windows) => {
    const pre = [];
    const engine = [];
    const post = [];
    const startSpread = [];
    for (const w of windows) {
      if (!w.calls.length) continue;
      const first = Math.min(...w.calls.map((e) => e.t0));
      const lastStart = Math.max(...w.calls.map((e) => e.t0));
      const last = Math.max(...w.calls.map((e) => e.t1 ?? e.t0));
      pre.push(first - w.t0);
      engine.push(last - first);
      post.push(w.t1 - last);
      startSpread.push(lastStart - first);
    }
    return {
      beforeFirstEngineCall: summarize(pre),
      engineSpan: summarize(engine),
      afterLastEngineCall: summarize(post),
      engineCallStartSpread: summarize(startSpread),
    };
  };

  const pageDf = callsTo(r.pageLoad.calls, null, 'GET', '/system/df');
  const all = [
    ...r.background,
    ...Object.values(r.windows)
      .flat()
      .flatMap((w) => w.calls),
    ...r.pageLoad.calls,
    ...r.burst.calls,
  ];
  const listsInColdLists = Object.fromEntries(
    names.map((n) => [
      n,
      Math.max(
        0,
        ...r.windows.listCold
          .filter((w) => w.host === n)
          .map((w) => callsTo(w.calls, n, 'GET', '/containers/json')),
      ),
    ]),
  );
  return {
    overviewCold: {
      ...perRefresh(r.windows.overviewCold),
      maxContainerListsPerHost: maxListPerHost(r.windows.overviewCold),
    },
    overviewWarm: {
      ...perRefresh(r.windows.overviewWarm),
      maxContainerListsPerHost: maxListPerHost(r.windows.overviewWarm),
    },
    listCold: { maxContainerListsPerHost: listsInColdLists },
    listWarm: { maxContainerListsPerHost: maxListPerHost(r.windows.listWarm) },
    pageLoad: {
      counts: countCalls(r.pageLoad.calls),
      systemDf: pageDf,
      maxContainerListsPerHost: maxListPerHost([{ calls: r.pageLoad.calls }]),
    },
    burst: {
      concurrent: r.burst.concurrent,
      counts: countCalls(r.burst.calls),
      maxContainerListsPerHost: maxListPerHost([{ calls: r.burst.calls }]),
    },
    background: countCalls(r.background),
    systemDfWholeRun: callsTo(all, null, 'GET', '/system/df'),
    sizeQueries: all.filter((e) => /(^|&)size=(1|true)/.test(e.query)).length,
    engineMsDuringColdOverview: engineMs,
    wharfOverheadOverSlowestEngineCallMs: summarize(overhead),
    listOverheadOverEngineCallMs: summarize(listOverhead),
    timelineColdOverview: phases(r.windows.overviewCold),
    timelineColdList: phases(r.windows.listCold),
  };
}

const mark = (ok) => (ok ? 'met' : 'MISSED');
const row = (label, st, extra = '') => [
  label,
  fmt(st.median),
  fmt(st.p90),
  fmt(st.min),
  fmt(st.max),
  String(st.n),
  extra,
];

function report(result, names) {
  const lines = [];
  const { setup } = result;
  lines.push('');
  lines.push(
    `Wharf overview bench: ${names.length} hosts, ${setup.map((s) => `${s.host} ${s.total} containers (${s.running} running)`).join(', ')}`,
  );
  const { machine } = result;
  lines.push(
    `machine: ${machine.cpus} CPUs, load average ${machine.loadAvgAtStart[0]} at start, ${machine.loadAvgAtEnd[0]} at end (other work on the machine skews the figures)`,
  );
  lines.push(
    `${result.iterations} iterations after ${result.warmup} warm-up rounds; cold = container cache (TTL ${CACHE_TTL_MS} ms) expired, warm = cache fresh. Times in ms.`,
  );
  for (const p of result.phases) {
    lines.push('');
    lines.push(
      p.phase === 'proxied'
        ? `== Phase "proxied": Wharf reaches each engine through a counting proxy (tcp://127.0.0.1:<port> -> unix socket); floor = raw call through the same proxy`
        : `== Phase "direct": Wharf reaches each engine as in production (mutual TLS / unix socket); floor = raw call over the same transport`,
    );
    const rows = [];
    for (const n of names)
      rows.push(row(`raw GET ${RAW_PATH}  ${n}`, p.raw[n], n === p.slowestHost ? 'slowest host' : ''));
    if (p.rawDirect)
      for (const n of names) rows.push(row(`raw direct (no proxy)  ${n}`, p.rawDirect[n], 'for reference'));
    rows.push(row(`raw fan-out: ${RAW_PATH} on all hosts at once`, p.rawFanout, 'for reference'));
    rows.push(
      row(
        'raw probe fan-out: version+info+list+volumes on all hosts at once',
        p.rawProbeFanout,
        'for reference',
      ),
    );
    rows.push(row('Wharf GET /api/v1/hosts  cold', p.overview.cold));
    rows.push(row('Wharf GET /api/v1/hosts  warm', p.overview.warm));
    for (const n of names) {
      rows.push(row(`Wharf GET /api/v1/hosts/${n}/containers  cold`, p.lists[n].cold));
      rows.push(row(`Wharf GET /api/v1/hosts/${n}/containers  warm`, p.lists[n].warm));
    }
    lines.push(table(['', 'median', 'p90', 'min', 'max', 'n', ''], rows));
    lines.push('');
    const slowMs = p.raw[p.slowestHost].median;
    const targets = [
      [
        'overview cold / slowest raw',
        `${fmt(p.overview.ratioCold, 2)}x`,
        `${fmt(p.overview.cold.median)} ms vs ${fmt(slowMs)} ms`,
        `<= ${TARGET_OVERVIEW}x`,
        mark(p.overview.metCold),
      ],
      [
        'overview warm / slowest raw',
        `${fmt(p.overview.ratioWarm, 2)}x`,
        `${fmt(p.overview.warm.median)} ms vs ${fmt(slowMs)} ms`,
        `<= ${TARGET_OVERVIEW}x`,
        mark(p.overview.metWarm),
      ],
    ];
    for (const n of names) {
      const l = p.lists[n];
      targets.push([
        `list ${n} cold / raw`,
        `${fmt(l.ratioCold, 2)}x`,
        `${fmt(l.cold.median)} ms vs budget ${fmt(l.budgetMs)} ms`,
        '<= 1.3x raw + 30 ms',
        mark(l.metCold),
      ]);
      targets.push([
        `list ${n} warm / raw`,
        `${fmt(l.ratioWarm, 2)}x`,
        `${fmt(l.warm.median)} ms vs budget ${fmt(l.budgetMs)} ms`,
        '<= 1.3x raw + 30 ms',
        mark(l.metWarm),
      ]);
    }
    targets.push([
      'overview cold / raw fan-out',
      `${fmt(p.overview.ratioColdVsRawFanout, 2)}x`,
      `${fmt(p.overview.cold.median)} ms vs ${fmt(p.rawFanout.median)} ms`,
      'reference',
      '',
    ]);
    targets.push([
      'overview cold / raw probe fan-out',
      `${fmt(p.overview.ratioColdVsRawProbeFanout, 2)}x`,
      `${fmt(p.overview.cold.median)} ms vs ${fmt(p.rawProbeFanout.median)} ms`,
      'reference',
      '',
    ]);
    lines.push(table(['target (medians)', 'ratio', 'figures', 'target', ''], targets));
    if (p.pageLoad.pages.length) {
      const shown = p.pageLoad.pages.map(
        (x) => `${x.path} ${x.status}${x.status === 404 ? ' (no such page yet)' : ''} (${fmt(x.ms)} ms)`,
      );
      lines.push(`pages loaded in the page-load check: ${shown.join(', ')}`);
    }
    lines.push(
      `burst of ${p.burst.concurrent} concurrent cold overviews: ${p.burst.ms.map((x) => fmt(x)).join(', ')} ms`,
    );
    if (p.calls) {
      const c = p.calls;
      lines.push('');
      lines.push(
        "Engine API calls seen by the counting proxies (Wharf only; the bench's raw calls excluded):",
      );
      const keys = [...new Set(names.flatMap((n) => Object.keys(c.overviewCold.max[n] ?? {})))].sort();
      const callRows = keys.map((k) => [
        k,
        ...names.map((n) => {
          const lo = c.overviewCold.min[n]?.[k] ?? 0;
          const hi = c.overviewCold.max[n]?.[k] ?? 0;
          const ms = c.engineMsDuringColdOverview[n]?.[k];
          return `${lo === hi ? hi : `${lo}-${hi}`} (${fmt(ms)} ms)`;
        }),
      ]);
      lines.push(table(['per cold overview refresh: calls (median engine ms)', ...names], callRows));
      const okList = (m) => Object.values(m).every((v) => v <= 1);
      const fmtMax = (m) => names.map((n) => `${n} ${m[n]}`).join(', ');
      lines.push(
        `GET /containers/json per host per cold overview: max ${fmtMax(c.overviewCold.maxContainerListsPerHost)}  -> ${okList(c.overviewCold.maxContainerListsPerHost) ? 'OK (<= 1)' : 'FAILED (> 1)'}`,
      );
      lines.push(
        `GET /containers/json per host per warm overview: max ${fmtMax(c.overviewWarm.maxContainerListsPerHost)}`,
      );
      lines.push(
        `GET /containers/json per cold per-host list: max ${fmtMax(c.listCold.maxContainerListsPerHost)}; per warm list: max ${fmtMax(c.listWarm.maxContainerListsPerHost)}`,
      );
      lines.push(
        `burst of ${c.burst.concurrent} concurrent cold overviews: GET /containers/json per host ${fmtMax(c.burst.maxContainerListsPerHost)}  -> ${okList(c.burst.maxContainerListsPerHost) ? 'OK (shared in flight)' : 'more than one'}`,
      );
      lines.push(
        `page load (overview + host page): GET /system/df ${c.pageLoad.systemDf} -> ${c.pageLoad.systemDf === 0 ? 'OK' : 'FAILED'}; GET /containers/json per host ${fmtMax(c.pageLoad.maxContainerListsPerHost)}`,
      );
      lines.push(
        `GET /system/df in the whole phase: ${c.systemDfWholeRun}; list calls with size=1: ${c.sizeQueries}`,
      );
      const bg = Object.entries(c.background).flatMap(([h, byKey]) =>
        Object.entries(byKey).map(([k, v]) => `${h} ${k} x${v}`),
      );
      lines.push(`calls outside measured windows (background): ${bg.length ? bg.join(', ') : 'none'}`);
      lines.push(
        `Wharf time over the slowest engine call, per cold overview: median ${fmt(c.wharfOverheadOverSlowestEngineCallMs.median)} ms (p90 ${fmt(c.wharfOverheadOverSlowestEngineCallMs.p90)}); per cold list: median ${fmt(c.listOverheadOverEngineCallMs.median)} ms`,
      );
      const tl = (t) =>
        `request -> first engine call ${fmt(t.beforeFirstEngineCall.median)}, engine calls span ${fmt(t.engineSpan.median)} (starts spread over ${fmt(t.engineCallStartSpread.median)}), last engine answer -> response read ${fmt(t.afterLastEngineCall.median)}`;
      lines.push(`timeline of a cold overview (medians, ms): ${tl(c.timelineColdOverview)}`);
      lines.push(`timeline of a cold list (medians, ms): ${tl(c.timelineColdList)}`);
    }
    if (p.disturbances.length) {
      lines.push(
        `disturbed and repeated rounds: ${p.disturbances.length} (${p.disturbances
          .map((d) => `${d.round}: ${d.problems[0].slice(0, 100)}`)
          .slice(0, 5)
          .join(' | ')})`,
      );
    }
  }
  return lines.join('\n');
}

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

  const state = { server: null, proxies: null, containersMade: false };
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (state.server) {
        say('stopping Wharf');
        await stopWharf(state.server).catch((e) => console.error(`could not stop Wharf: ${e.message}`));
      }
      if (state.proxies) await state.proxies.stop().catch(() => {});
      if (state.containersMade && !opts.keep) {
        say('removing bench containers (--keep keeps them)');
        for (const e of engines) {
          const n = await removeBenchContainers(e, { parallel: opts.parallel }).catch((err) => {
            console.error(`${e.name}: could not remove bench containers: ${err.message}`);
            return 0;
          });
          say(`${e.name}: removed ${n}`);
        }
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

    say(
      `setting up ${opts.containers} bench containers per engine (${opts.running} started), ${opts.parallel} in parallel`,
    );
    state.containersMade = true;
    const setup = [];
    for (const e of engines) {
      const t = performance.now();
      const r = await ensureBenchContainers(e, {
        count: opts.containers,
        running: opts.running,
        image: fleet.image,
        parallel: opts.parallel,
        isStopped: () => interrupted,
      });
      say(
        `${e.name}: created ${r.created}, reused ${r.reused}, started ${r.started}; ${r.total} containers on the engine, ${r.running} running (${((performance.now() - t) / 1000).toFixed(1)} s)`,
      );
      setup.push({ host: e.name, ...r });
    }
    const expected = Object.fromEntries(setup.map((s) => [s.host, opts.containers]));
    // After another process restarted an engine, make sure the bench containers are all there again.
    const reseed = async () => {
      for (const e of engines) {
        if (interrupted) throw new Error('interrupted');
        const r = await ensureBenchContainers(e, {
          count: opts.containers,
          running: opts.running,
          image: fleet.image,
          parallel: opts.parallel,
          isStopped: () => interrupted,
        });
        if (r.created || r.started)
          say(`${e.name}: re-created ${r.created}, re-started ${r.started} bench containers`);
      }
    };

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

    const phases = [];
    for (const phase of opts.phases) {
      const r = await runPhase({
        phase,
        opts,
        engines,
        server: state.server,
        proxies: state.proxies,
        expected,
        reseed,
      });
      phases.push(analysePhase(r, names));
    }

    const result = {
      bench: 'overview',
      startedAt: started.toISOString(),
      seconds: round((performance.now() - t0) / 1000),
      node: process.version,
      machine: {
        cpus: os.cpus().length,
        loadAvgAtStart: loadAtStart,
        loadAvgAtEnd: os.loadavg().map((x) => round(x, 2)),
      },
      wharf: { app: opts.app, git: gitDescribe(opts.app), build },
      engines: versions,
      iterations: opts.iterations,
      warmup: opts.warmup,
      cacheTtlMs: CACHE_TTL_MS,
      coldGapMs: COLD_GAP_MS,
      targets: { overviewVsSlowestRaw: TARGET_OVERVIEW, listVsRaw: TARGET_LIST },
      setup,
      phases,
    };
    console.log(report(result, names));
    await writeResult(resultsDir, 'overview', started, result);
    return 0;
  } finally {
    await cleanup();
  }
}

runBench('overview', main, () => interrupted);

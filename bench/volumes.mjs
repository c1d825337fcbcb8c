// npm run bench -- volumes [options]
//
// Times Wharf's fleet volume inventory (GET /api/v1/volumes) against the floor measured in the same run,
// the raw Engine API GET /volumes of each host, with N bench volumes per engine (a few of them mounted by
// created containers, so that users are computed). A counting proxy in front of each engine counts the
// Engine API calls Wharf makes, and must see no disk-usage call (GET /system/df) on a list. Then times
// the backup and restore of a 200 MB volume through Wharf against `docker cp` of the same data out of and
// into a container on the same engine. It prints; it does not fail on targets.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_LABEL, readFleet, waitForEngines } from './lib/fleet.mjs';
import { closeTarget, describeTarget, makeTarget, sendJson } from './lib/http.mjs';
import { countCalls, startProxies } from './lib/proxies.mjs';
import { runBench, writeResult } from './lib/results.mjs';
import { fmt, median, percentile, round, table } from './lib/stats.mjs';
import {
  BENCH_VALUE,
  DATA_VOLUME,
  ensureBenchVolumes,
  ensureDataVolume,
  removeBenchVolumes,
  removeContainer,
  removeVolume,
  restoreName,
  userName,
  userVolumes,
  VOLUME_PREFIX,
  volumeContent,
  volumeName,
} from './lib/volume-fixtures.mjs';
import {
  api,
  createApiToken,
  ensureBuild,
  gitDescribe,
  newSecret,
  page,
  registerHosts,
  removeHosts,
  startWharf,
  stopWharf,
} from './lib/wharf.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

/**
 * Wharf's caches on this path: the volume list (15 s) and the container list (2 s, for the users) per
 * host. A cold call comes at least COLD_GAP_MS after the last call that filled them; a "mixed" one at
 * least MIXED_GAP_MS after, when the container lists have expired and the volume lists have not.
 */
const CACHE_TTL_MS = { volumes: 15_000, containers: 2000 };
const COLD_GAP_MS = 15_100;
const MIXED_GAP_MS = 2100;
const TARGET_LIST = 1.5;
const RAW_UA = 'wharf-bench-raw';
const VOLUMES_PATH = '/volumes';
const CONTAINERS_PATH = '/containers/json?all=1';
const DF_PATH = '/system/df';
const FLEET_PATH = '/api/v1/volumes';
/** A Wharf read that touches no engine: the cost of any authenticated API call. */
const API_FLOOR_PATH = '/api/v1/me';
const MAX_DISTURBED_ROUNDS = 15;
const MB = 1_000_000;

const HELP = `usage: npm run bench -- volumes [options]

  --iterations N       measured rounds of the inventory (default 20; each waits ${COLD_GAP_MS} ms for Wharf's caches to expire)
  --warmup N           unmeasured warm-up rounds (default 3)
  --volumes N          bench volumes per engine (default 500)
  --users N            created containers per engine that mount bench volumes (default 6)
  --per-user N         volumes each of them mounts (default 4; neighbours share one)
  --parallel N         parallel Engine API calls while making/removing volumes (default 8)
  --phases LIST        proxied,direct (default both): "proxied" registers the hosts through the counting
                       proxies (calls counted, GET ${DF_PATH} must stay 0); "direct" registers them as
                       production does (mutual TLS / unix socket) and compares with raw calls over the
                       same transport
  --transfer-host NAME the engine of the backup/restore figures (default fleet-c, which Wharf and the
                       docker CLI both reach over its unix socket)
  --transfer-rounds N  backup/restore rounds (default 3; 0 skips the transfer figures)
  --data-mb N          MB (10^6 bytes) of random data in the transfer volume's big file (default 196)
  --small-files N      small random files next to it (default 250, 16 000 bytes each: 200 MB in all)
  --port N             port for \`next start\` (default 3212)
  --app DIR            the Wharf checkout to build and start (default: this repository)
  --build              always run \`next build\` first; --no-build never builds (default: when stale)
  --keep               keep the bench volumes, their containers and the data volume at the end
  --profile DIR        write CPU profiles of the Wharf server (node --cpu-prof) into DIR
  -h, --help           this text

Writes bench/results/volumes-<timestamp>.json.`;

function options() {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '20' },
      warmup: { type: 'string', default: '3' },
      volumes: { type: 'string', default: '500' },
      users: { type: 'string', default: '6' },
      'per-user': { type: 'string', default: '4' },
      parallel: { type: 'string', default: '8' },
      phases: { type: 'string', default: 'proxied,direct' },
      'transfer-host': { type: 'string', default: 'fleet-c' },
      'transfer-rounds': { type: 'string', default: '3' },
      'data-mb': { type: 'string', default: '196' },
      'small-files': { type: 'string', default: '250' },
      port: { type: 'string', default: '3212' },
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
  const opts = {
    help: values.help,
    iterations: int('iterations', 1),
    warmup: int('warmup', 0),
    volumes: int('volumes', 1, 999),
    users: int('users', 0, 50),
    perUser: int('per-user', 1, 20),
    parallel: int('parallel', 1, 64),
    phases,
    transferHost: values['transfer-host'],
    transferRounds: int('transfer-rounds', 0, 20),
    dataMB: int('data-mb', 1, 10_000),
    smallFiles: int('small-files', 0, 10_000),
    smallBytes: 16_000,
    port: int('port', 1),
    app: path.resolve(values.app),
    build: values['no-build'] ? 'never' : values.build ? 'always' : 'auto',
    keep: values.keep,
    profile: values.profile ? path.resolve(values.profile) : null,
  };
  if (opts.users && userVolumes(opts.users - 1, opts.perUser).at(-1) > volumeName(opts.volumes - 1))
    throw new Error(
      `--users ${opts.users} x --per-user ${opts.perUser} need more than ${opts.volumes} volumes`,
    );
  return opts;
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

/** When Wharf's caches were last filled, so that a cold call waits them out. */
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

// ------------------------------------------------------------------------------------------ inventory

/** One raw GET /volumes (or a container list), timed to the parsed body. */
async function rawVolumes(target) {
  const res = await sendJson(target, { path: VOLUMES_PATH, headers: { 'user-agent': RAW_UA } });
  if (!Array.isArray(res.data?.Volumes))
    throw new Error(`${describeTarget(target)}: ${VOLUMES_PATH} did not answer a volume list`);
  return { ms: res.ms, count: res.data.Volumes.length, bytes: res.body.length };
}

async function rawContainers(target) {
  const res = await sendJson(target, { path: CONTAINERS_PATH, headers: { 'user-agent': RAW_UA } });
  if (!Array.isArray(res.data))
    throw new Error(`${describeTarget(target)}: ${CONTAINERS_PATH} did not answer a list`);
  return { ms: res.ms, count: res.data.length };
}

const isBenchVolume = (name) => /^wharf-bench-vol-\d{3}$/.test(name);

/**
 * What the inventory says about the bench volumes: every host answered, every bench volume listed, and
 * the users of the mounted ones computed. Problems that make a round not count are in `problems`.
 */
function checkInventory(data, names, opts) {
  const problems = [];
  if (!data || !Array.isArray(data.volumes) || !Array.isArray(data.hosts))
    return { problems: [`GET ${FLEET_PATH} did not answer a fleet inventory`] };
  const perHost = {};
  for (const n of names) {
    const h = data.hosts.find((x) => x.host?.name === n);
    if (!h) problems.push(`${n}: missing from the inventory`);
    else if (!h.ok) problems.push(`${n}: ${h.error?.message ?? 'not ok'}`);
    const mine = data.volumes.filter((v) => v.host?.name === n);
    const bench = new Map(mine.filter((v) => isBenchVolume(v.name)).map((v) => [v.name, v]));
    if (bench.size < opts.volumes)
      problems.push(`${n}: ${bench.size} bench volumes, expected ${opts.volumes}`);
    // The users of the mounted bench volumes: each user container on its volumes, shared ones twice.
    const expectedUsers = new Map();
    for (let j = 0; j < opts.users; j++)
      for (const v of userVolumes(j, opts.perUser))
        expectedUsers.set(v, [...(expectedUsers.get(v) ?? []), userName(j)]);
    let usersRight = 0;
    for (const [v, users] of expectedUsers) {
      const got = (bench.get(v)?.users ?? []).map((u) => u.name).sort();
      if (JSON.stringify(got) === JSON.stringify([...users].sort())) usersRight++;
    }
    if (usersRight < expectedUsers.size)
      problems.push(`${n}: users right on ${usersRight} of ${expectedUsers.size} mounted bench volumes`);
    const unexpected = [...bench.values()].filter((v) => !expectedUsers.has(v.name) && v.users?.length);
    if (unexpected.length) problems.push(`${n}: ${unexpected.length} unmounted bench volumes show users`);
    perHost[n] = {
      volumes: mine.length,
      bench: bench.size,
      mounted: expectedUsers.size,
      usersRight,
      orphans: [...bench.values()].filter((v) => v.orphan).length,
      withSize: mine.filter((v) => v.size).length,
    };
  }
  return { problems, items: data.volumes.length, perHost };
}

async function runPhase(ctx) {
  const { phase, opts, engines, server, proxies, reseed } = ctx;
  const counted = phase === 'proxied';
  await waitForEngines(engines);
  const hosts = await registerHosts(server, engines, {
    proxyPorts: counted ? proxies.ports : null,
    label: phase,
  });
  say(`${phase}: registered ${hosts.map((h) => `${h.name}=${h.url}`).join(', ')}`);
  // Adding a host tests its connection; those calls are not part of any list.
  if (counted) await proxies.mark();
  const names = engines.map((e) => e.name);
  const direct = Object.fromEntries(engines.map((e) => [e.name, makeTarget(e.direct)]));
  const viaProxy = Object.fromEntries(
    engines.map((e) => [e.name, makeTarget({ kind: 'tcp', host: '127.0.0.1', port: proxies.ports[e.name] })]),
  );
  const floorTarget = counted ? viaProxy : direct;
  const clock = new CacheClock();
  const perHost = () => Object.fromEntries(names.map((n) => [n, []]));
  const emptyRecord = () => ({
    samples: {
      rawVolumes: perHost(),
      rawContainers: perHost(),
      rawFanout: [],
      cold: [],
      warm: [],
      mixed: [],
      apiFloor: [],
    },
    windows: { cold: [], warm: [], mixed: [] },
    checks: [],
    notes: { rawVolumeCount: perHost(), rawBytes: perHost(), wharfBytes: [] },
    problems: [],
  });
  const total = emptyRecord();
  const disturbances = [];
  const background = [];
  const ownCalls = (entries) => entries.filter((e) => e.client !== RAW_UA);
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

  /** One Wharf call as a window: the Engine API calls it caused (proxied phase) go with it. */
  async function measured(rec, kind, fn, extra = {}) {
    await drainBackground();
    const res = await fn();
    clock.touch();
    const calls = counted ? ownCalls(await proxies.take()) : [];
    if (kind) rec.windows[kind].push({ ms: res.ms, t0: res.t0, t1: res.t1, calls, ...extra });
    return res;
  }
  const inventory = async (rec, kind) => {
    const res = await measured(rec, kind, () => api(server, FLEET_PATH));
    const check = checkInventory(res.data, names, opts);
    if (check.problems.length) rec.problems.push(`inventory: ${check.problems.join('; ')}`);
    if (kind) {
      rec.checks.push({ kind, ...check, problems: undefined });
      rec.notes.wharfBytes.push(res.body.length);
    }
    return res;
  };

  async function rawBlock(rec) {
    const s = rec.samples;
    for (const n of names) {
      const v = await rawVolumes(floorTarget[n]);
      s.rawVolumes[n].push(v.ms);
      rec.notes.rawVolumeCount[n].push(v.count);
      rec.notes.rawBytes[n].push(v.bytes);
      s.rawContainers[n].push((await rawContainers(floorTarget[n])).ms);
    }
    // What the inventory has to ask, as fast as a client can: both lists of every host at once.
    const fanStart = performance.now();
    await Promise.all(names.flatMap((n) => [rawVolumes(floorTarget[n]), rawContainers(floorTarget[n])]));
    s.rawFanout.push(performance.now() - fanStart);
  }

  say(`${phase}: warm-up (${opts.warmup} rounds)`);
  for (let i = 0; i < opts.warmup; i++) {
    await runRound(`warm-up ${i + 1}`, async (rec) => {
      await rawBlock(emptyRecord());
      await inventory(rec, null);
    });
  }

  say(
    `${phase}: ${opts.iterations} rounds: raw floor, then Wharf cold (>= ${COLD_GAP_MS} ms after its caches were filled) and warm right after`,
  );
  for (let i = 0; i < opts.iterations; i++) {
    await runRound(`round ${i + 1}`, async (rec) => {
      const s = rec.samples;
      await rawBlock(rec);
      await clock.waitCold();
      s.cold.push((await inventory(rec, 'cold')).ms);
      s.warm.push((await inventory(rec, 'warm')).ms);
      // The container lists expired, the volume lists still cached: a refresh a few seconds later.
      await sleep(MIXED_GAP_MS);
      s.mixed.push((await inventory(rec, 'mixed')).ms);
      s.apiFloor.push((await api(server, API_FLOOR_PATH)).ms);
    });
    if ((i + 1) % 5 === 0) say(`${phase}: round ${i + 1}/${opts.iterations}`);
  }

  // A page load as a person makes it: the volumes page and the inventory, cold; and each host's list.
  const pageLoad = { pages: [], calls: [] };
  await runRound('page load', async (rec) => {
    pageLoad.pages = [];
    await clock.waitCold();
    await drainBackground();
    const load = async (p) => {
      const res = await page(server, p);
      pageLoad.pages.push({ path: p, status: res.status, ms: round(res.ms) });
    };
    const [, res] = await Promise.all([load('/volumes'), api(server, FLEET_PATH)]);
    const check = checkInventory(res.data, names, opts);
    if (check.problems.length) rec.problems.push(`inventory: ${check.problems.join('; ')}`);
    for (const h of hosts) {
      const one = await api(server, `/api/v1/hosts/${h.id}/volumes`);
      pageLoad.pages.push({ path: `/api/v1/hosts/${h.name}/volumes`, status: one.status, ms: round(one.ms) });
      if (!Array.isArray(one.data?.volumes))
        rec.problems.push(`${h.name}: the host list answered no volumes`);
    }
    clock.touch();
    pageLoad.calls = counted ? ownCalls(await proxies.take()) : [];
  });
  await drainBackground();

  await removeHosts(server, hosts);
  for (const t of [...Object.values(direct), ...Object.values(viaProxy)]) closeTarget(t);
  return { phase, counted, hosts, ...total, disturbances, background, pageLoad };
}

function callsByPath(windows, names) {
  const keys = {};
  for (const w of windows) {
    for (const [h, byKey] of Object.entries(countCalls(w.calls)))
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
          const xs = byHost[n] ?? [];
          return [n, range([...xs, ...Array(windows.length - xs.length).fill(0)])];
        }),
      ),
    ]),
  );
}

const isDf = (e) => e.method === 'GET' && e.path === DF_PATH;

function analysePhase(r, names) {
  const s = r.samples;
  const raw = Object.fromEntries(names.map((n) => [n, stats(s.rawVolumes[n])]));
  const slowest = names.reduce((a, b) => (raw[a].median >= raw[b].median ? a : b));
  const floor = raw[slowest].median;
  const cold = stats(s.cold);
  const warm = stats(s.warm);
  const fanout = stats(s.rawFanout);
  const out = {
    phase: r.phase,
    floorTransport: r.counted ? 'via proxy' : 'direct',
    hosts: r.hosts,
    raw,
    rawContainers: Object.fromEntries(names.map((n) => [n, stats(s.rawContainers[n])])),
    rawFanout: fanout,
    slowestHost: slowest,
    cold,
    warm,
    mixed: stats(s.mixed),
    apiFloor: stats(s.apiFloor),
    floorMs: floor,
    ratioCold: round(cold.median / floor, 2),
    ratioWarm: round(warm.median / floor, 2),
    ratioColdP95: round(cold.p95 / raw[slowest].p95, 2),
    ratioColdVsFanout: round(cold.median / fanout.median, 2),
    ratioColdVsFloorPlusApi: round(cold.median / (floor + median(s.apiFloor)), 2),
    metCold: cold.median <= TARGET_LIST * floor,
    metWarm: warm.median <= TARGET_LIST * floor,
    check: r.checks.find((c) => c.kind === 'cold') ?? null,
    notes: {
      rawVolumeCount: Object.fromEntries(names.map((n) => [n, median(r.notes.rawVolumeCount[n])])),
      rawBytes: Object.fromEntries(names.map((n) => [n, median(r.notes.rawBytes[n])])),
      wharfBytes: median(r.notes.wharfBytes),
    },
    pageLoad: { pages: r.pageLoad.pages },
    disturbances: r.disturbances,
  };
  if (r.counted) {
    const all = [
      ...r.windows.cold,
      ...r.windows.warm,
      ...r.windows.mixed,
      { calls: r.pageLoad.calls },
      { calls: r.background },
    ];
    out.calls = {
      cold: callsByPath(r.windows.cold, names),
      warm: callsByPath(r.windows.warm, names),
      mixed: callsByPath(r.windows.mixed, names),
      pageLoad: countCalls(r.pageLoad.calls),
      background: countCalls(r.background),
      diskUsage: {
        cold: r.windows.cold.reduce((a, w) => a + w.calls.filter(isDf).length, 0),
        warm: r.windows.warm.reduce((a, w) => a + w.calls.filter(isDf).length, 0),
        mixed: r.windows.mixed.reduce((a, w) => a + w.calls.filter(isDf).length, 0),
        pageLoad: r.pageLoad.calls.filter(isDf).length,
        background: r.background.filter(isDf).length,
        total: all.reduce((a, w) => a + w.calls.filter(isDf).length, 0),
      },
      windows: {
        cold: r.windows.cold.length,
        warm: r.windows.warm.length,
        mixed: r.windows.mixed.length,
      },
    };
    // Where a cold inventory's time goes: before the first engine call, the engine calls, after the last.
    const timeline = r.windows.cold
      .filter((w) => w.calls.length)
      .map((w) => {
        const first = Math.min(...w.calls.map((e) => e.t0));
        const last = Math.max(...w.calls.map((e) => e.t1 ?? e.t0));
        return { before: first - w.t0, engine: last - first, after: w.t1 - last };
      });
    out.calls.timelineCold = {
      beforeFirstEngineCall: stats(timeline.map((t) => t.before)),
      engineSpan: stats(timeline.map((t) => t.engine)),
      afterLastEngineCall: stats(timeline.map((t) => t.after)),
    };
  }
  return out;
}

// ------------------------------------------------------------------------------------------ transfer

/** Runs the docker CLI against the engine's unix socket; answers the wall time, CLI start included. */
function docker(engine, args, { dockerConfig }) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('docker', ['-H', `unix://${engine.socketPath}`, ...args], {
      env: { ...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '', DOCKER_CONFIG: dockerConfig },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', (e) => reject(new Error(`docker ${args[0]}: ${e.message}`)));
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms });
      else reject(new Error(`docker ${args.join(' ')} exited ${code}: ${err.trim().slice(0, 300)}`));
    });
  });
}

/**
 * Backup and restore of the data volume through Wharf against `docker cp` of the same data out of a
 * container and into a new one, `rounds` times. Each copy is checked against the data's digest (taken
 * inside a container, outside the timings).
 */
async function runTransfer({ opts, engine, server, image, dockerConfig, tmpRoot }) {
  const t = performance.now();
  const data = await ensureDataVolume(engine, {
    image,
    bigMB: opts.dataMB,
    smallFiles: opts.smallFiles,
    smallBytes: opts.smallBytes,
  });
  say(
    `transfer: ${DATA_VOLUME} on ${engine.name} ${data.filled ? 'filled' : 'in place'}: ${data.files} files, ${fmt(data.bytes / MB)} MB (${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );
  const [host] = await registerHosts(server, [engine], { label: 'transfer' });
  say(`transfer: registered ${host.name}=${host.url}`);
  const cli = (args) => docker(engine, args, { dockerConfig });
  const samples = {
    cpOut: [],
    cpOutFull: [],
    cpIn: [],
    cpInFull: [],
    backup: [],
    backupServer: [],
    restore: [],
    restoreServer: [],
  };
  const backups = [];
  const check = async (volume, what) => {
    const got = await volumeContent(engine, { image, volume });
    if (got.digest !== data.digest || got.files !== data.files)
      throw new Error(
        `${what}: ${volume} holds ${got.files} files (digest ${got.digest.slice(0, 12)}), expected ${data.files} (${data.digest.slice(0, 12)})`,
      );
  };
  try {
    for (let r = 0; r < opts.transferRounds; r++) {
      if (interrupted) throw new Error('interrupted');
      const dir = await mkdtemp(path.join(tmpRoot, 'cp-'));
      const src = `${VOLUME_PREFIX}cp-src-${r}`;
      const dst = `${VOLUME_PREFIX}cp-dst-${r}`;
      const cpVolume = `${VOLUME_PREFIX}cp-${r}`;
      const label = `${BENCH_LABEL}=${BENCH_VALUE}`;
      try {
        // docker cp out of a container that mounts the volume read-only (created, never started).
        await removeContainer(engine, src);
        const create = await cli([
          'create',
          '--name',
          src,
          '--label',
          label,
          '-v',
          `${DATA_VOLUME}:/data:ro`,
          image,
        ]);
        const out = await cli(['cp', `${src}:/data`, path.join(dir, 'data')]);
        const rmOut = await cli(['rm', src]);
        samples.cpOut.push(out.ms);
        samples.cpOutFull.push(create.ms + out.ms + rmOut.ms);
        // docker cp into a container that mounts a new volume.
        await removeContainer(engine, dst);
        await removeVolume(engine, cpVolume);
        const vol = await cli(['volume', 'create', '--label', label, cpVolume]);
        const createIn = await cli([
          'create',
          '--name',
          dst,
          '--label',
          label,
          '-v',
          `${cpVolume}:/data`,
          image,
        ]);
        const into = await cli(['cp', `${path.join(dir, 'data')}/.`, `${dst}:/data`]);
        const rmIn = await cli(['rm', dst]);
        samples.cpIn.push(into.ms);
        samples.cpInFull.push(vol.ms + createIn.ms + into.ms + rmIn.ms);
        await check(cpVolume, 'docker cp');
        await removeVolume(engine, cpVolume);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }

      // Wharf: a backup of the volume, then a restore of it into a new volume.
      const b = await api(server, `/api/v1/hosts/${host.id}/volumes/${DATA_VOLUME}/backups`, {
        method: 'POST',
        json: { note: 'volumes bench' },
        timeoutMs: 600_000,
      });
      samples.backup.push(b.ms);
      samples.backupServer.push(b.data.ms);
      backups.push({ id: b.data.id, size: b.data.size, fileCount: b.data.fileCount, sha256: b.data.sha256 });
      const target = restoreName(r);
      await removeVolume(engine, target);
      const res = await api(server, `/api/v1/backups/${b.data.id}/restore`, {
        method: 'POST',
        json: { volume: target, backupFirst: false },
        timeoutMs: 600_000,
      });
      samples.restore.push(res.ms);
      samples.restoreServer.push(res.data.ms);
      if (!res.data.created || !res.data.verified)
        throw new Error(`restore into ${target}: answered ${JSON.stringify(res.data).slice(0, 200)}`);
      await check(target, 'Wharf restore');
      await removeVolume(engine, target);
      say(
        `transfer round ${r + 1}/${opts.transferRounds}: docker cp out ${fmt(samples.cpOut[r])} ms, in ${fmt(samples.cpIn[r])} ms; Wharf backup ${fmt(samples.backup[r])} ms, restore ${fmt(samples.restore[r])} ms`,
      );
    }
  } finally {
    await removeHosts(server, [host]).catch(() => {});
  }
  const rate = (st) => round(data.bytes / MB / (st.median / 1000), 1);
  const figures = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => {
      const st = stats(v);
      return [k, { ...st, mbPerSecond: rate(st) }];
    }),
  );
  return {
    host: engine.name,
    transport: describeTarget(makeTarget(engine.direct)),
    data: { files: data.files, bytes: data.bytes, digest: data.digest },
    backups,
    figures,
    ratios: {
      backupVsCpOut: round(figures.backup.median / figures.cpOut.median, 2),
      backupVsCpOutFull: round(figures.backup.median / figures.cpOutFull.median, 2),
      restoreVsCpIn: round(figures.restore.median / figures.cpIn.median, 2),
      restoreVsCpInFull: round(figures.restore.median / figures.cpInFull.median, 2),
    },
  };
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
    `Wharf volumes bench: ${names.length} hosts x ${setup.volumes} bench volumes (${setup.users} created containers per host mount ${setup.mountedPerHost} of them)`,
  );
  lines.push(
    `machine: ${machine.cpus} CPUs, load average ${machine.loadAvgAtStart[0]} at start, ${machine.loadAvgAtEnd[0]} at end (other work on the machine skews the figures)`,
  );
  lines.push(
    `${result.iterations} rounds after ${result.warmup} warm-up rounds; cold = Wharf's caches expired (>= ${COLD_GAP_MS} ms since filled: volumes ${CACHE_TTL_MS.volumes} ms, containers ${CACHE_TTL_MS.containers} ms), warm = right after, mixed = ${MIXED_GAP_MS} ms after that. Times in ms.`,
  );
  for (const p of result.phases) {
    lines.push('');
    lines.push(
      p.phase === 'proxied'
        ? '== Phase "proxied": Wharf reaches each engine through a counting proxy (tcp://127.0.0.1:<port> -> unix socket); floor = raw call through the same proxy'
        : '== Phase "direct": Wharf reaches each engine as in production (mutual TLS / unix socket); floor = raw call over the same transport',
    );
    const rows = [];
    for (const n of names)
      rows.push(
        row(
          `raw GET ${VOLUMES_PATH}  ${n} (${p.notes.rawVolumeCount[n]} volumes, ${fmt(p.notes.rawBytes[n] / 1000)} kB)`,
          p.raw[n],
          n === p.slowestHost ? 'slowest host' : '',
        ),
      );
    for (const n of names)
      rows.push(row(`raw GET ${CONTAINERS_PATH}  ${n}`, p.rawContainers[n], 'reference'));
    rows.push(row('raw fan-out: volumes + containers on all hosts at once', p.rawFanout, 'reference'));
    rows.push(row(`Wharf GET ${API_FLOOR_PATH} (no engine call)`, p.apiFloor, 'reference'));
    rows.push(row(`Wharf GET ${FLEET_PATH}  cold (${fmt(p.notes.wharfBytes / 1000)} kB)`, p.cold));
    rows.push(row(`Wharf GET ${FLEET_PATH}  warm`, p.warm));
    rows.push(
      row(`Wharf GET ${FLEET_PATH}  mixed (containers expired, volumes cached)`, p.mixed, 'reference'),
    );
    lines.push(table(['', 'median', 'p95', 'min', 'max', 'n', ''], rows));
    lines.push('');
    lines.push(
      table(
        ['target (medians)', 'ratio', 'figures', 'target', ''],
        [
          [
            'inventory cold / slowest raw host',
            `${fmt(p.ratioCold, 2)}x`,
            `${fmt(p.cold.median)} ms vs ${fmt(p.floorMs)} ms (${p.slowestHost})`,
            `<= ${TARGET_LIST}x`,
            mark(p.metCold),
          ],
          [
            'inventory warm / slowest raw host',
            `${fmt(p.ratioWarm, 2)}x`,
            `${fmt(p.warm.median)} ms vs ${fmt(p.floorMs)} ms`,
            `<= ${TARGET_LIST}x`,
            mark(p.metWarm),
          ],
          [
            'inventory cold p95 / slowest host p95',
            `${fmt(p.ratioColdP95, 2)}x`,
            `${fmt(p.cold.p95)} ms vs ${fmt(p.raw[p.slowestHost].p95)} ms`,
            'reference',
            '',
          ],
          [
            `inventory cold / (slowest raw host + Wharf ${API_FLOOR_PATH})`,
            `${fmt(p.ratioColdVsFloorPlusApi, 2)}x`,
            `${fmt(p.cold.median)} ms vs ${fmt(p.floorMs)} + ${fmt(p.apiFloor.median)} ms`,
            'reference',
            '',
          ],
          [
            'inventory cold / raw fan-out',
            `${fmt(p.ratioColdVsFanout, 2)}x`,
            `${fmt(p.cold.median)} ms vs ${fmt(p.rawFanout.median)} ms`,
            'reference',
            '',
          ],
        ],
      ),
    );
    const c = p.check;
    if (c)
      lines.push(
        `inventory content: ${c.items} volumes; ${names.map((n) => `${n} ${c.perHost[n].bench} bench (${c.perHost[n].orphans} orphans), users right on ${c.perHost[n].usersRight}/${c.perHost[n].mounted} mounted, ${c.perHost[n].withSize} with a size`).join('; ')}`,
      );
    lines.push(
      `page load: ${p.pageLoad.pages.map((x) => `${x.path} ${x.status} ${fmt(x.ms)} ms`).join(', ')} with GET ${FLEET_PATH}`,
    );
    if (p.calls) {
      lines.push('');
      lines.push(
        "Engine API calls seen by the counting proxies (Wharf only; the bench's raw calls excluded):",
      );
      const keys = Object.keys(p.calls.cold).sort();
      lines.push(
        table(
          ['per cold inventory: calls (min-max over rounds)', ...names],
          keys.map((k) => [k, ...names.map((n) => rangeText(p.calls.cold[k][n]))]),
        ),
      );
      for (const kind of ['warm', 'mixed']) {
        const keys = Object.keys(p.calls[kind]).sort();
        const perKey = (k) => `${k} ${names.map((n) => rangeText(p.calls[kind][k][n])).join('/')}`;
        lines.push(
          `per ${kind} inventory (${names.join('/')}): ${keys.length ? keys.map(perKey).join(', ') : 'none'}`,
        );
      }
      const df = p.calls.diskUsage;
      const w = p.calls.windows;
      lines.push(
        `GET ${DF_PATH} (disk usage): ${df.total} in all over ${w.cold} cold + ${w.warm} warm + ${w.mixed} mixed inventories, the page load with each host's list and the time between (cold ${df.cold}, warm ${df.warm}, mixed ${df.mixed}, page load ${df.pageLoad}, background ${df.background})  -> ${df.total === 0 ? 'OK (none)' : 'FAILED (a disk-usage call on the list)'}`,
      );
      const bg = Object.entries(p.calls.background).flatMap(([h, byKey]) =>
        Object.entries(byKey).map(([k, v]) => `${h} ${k} x${v}`),
      );
      lines.push(`engine calls outside measured windows (background): ${bg.length ? bg.join(', ') : 'none'}`);
      const tl = p.calls.timelineCold;
      lines.push(
        `timeline of a cold inventory (medians, ms): request -> first engine call ${fmt(tl.beforeFirstEngineCall.median)}, engine calls span ${fmt(tl.engineSpan.median)}, last engine answer -> response read ${fmt(tl.afterLastEngineCall.median)} (users, protection, backups, JSON)`,
      );
    }
    if (p.disturbances.length)
      lines.push(
        `disturbed and repeated rounds: ${p.disturbances.length} (${p.disturbances
          .map((d) => `${d.round}: ${d.problems[0].slice(0, 100)}`)
          .slice(0, 5)
          .join(' | ')})`,
      );
  }
  const t = result.transfer;
  if (t) {
    const f = t.figures;
    const gz = t.backups.length ? median(t.backups.map((b) => b.size)) : Number.NaN;
    lines.push('');
    lines.push(
      `== Transfer on ${t.host} (${t.transport}): ${t.data.files} files, ${fmt(t.data.bytes / MB)} MB of random data; Wharf and the docker CLI on the same engine; every copy checked by digest`,
    );
    const rate = (x) => fmt(x.mbPerSecond);
    const trow = (label, st, extra = '') => [
      label,
      fmt(st.median),
      fmt(st.min),
      fmt(st.max),
      String(st.n),
      rate(st),
      extra,
    ];
    lines.push(
      table(
        ['', 'median ms', 'min', 'max', 'n', 'MB/s', ''],
        [
          trow('docker cp out of a container (to a local directory)', f.cpOut, 'floor'),
          trow('docker create + cp out + rm', f.cpOutFull, 'reference'),
          trow(`Wharf POST .../volumes/{name}/backups (gzip ${fmt(gz / MB)} MB)`, f.backup),
          trow("Wharf backup, the answer's own ms", f.backupServer, 'reference'),
          trow('docker cp into a container (new volume)', f.cpIn, 'floor'),
          trow('docker volume create + create + cp in + rm', f.cpInFull, 'reference'),
          trow('Wharf POST /api/v1/backups/{id}/restore (new volume)', f.restore),
          trow("Wharf restore, the answer's own ms", f.restoreServer, 'reference'),
        ],
      ),
    );
    lines.push(
      table(
        ['ratio (medians; time, so > 1 is slower)', 'ratio'],
        [
          ['Wharf backup / docker cp out', `${fmt(t.ratios.backupVsCpOut, 2)}x`],
          ['Wharf backup / docker create + cp out + rm', `${fmt(t.ratios.backupVsCpOutFull, 2)}x`],
          ['Wharf restore / docker cp in', `${fmt(t.ratios.restoreVsCpIn, 2)}x`],
          [
            'Wharf restore / docker volume create + create + cp in + rm',
            `${fmt(t.ratios.restoreVsCpInFull, 2)}x`,
          ],
        ],
      ),
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
  const transferEngine = engines.find((e) => e.name === opts.transferHost);
  if (opts.transferRounds && !transferEngine)
    throw new Error(`--transfer-host ${opts.transferHost} is not in the fleet (${names.join(', ')})`);
  say(
    `fleet: ${engines.map((e) => `${e.name} (${describeTarget(e.direct)}, socket ${e.socketPath})`).join(', ')}`,
  );

  const state = { server: null, proxies: null, made: false, tmpRoot: null };
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (state.server) {
        // The backups are files in the instance's data directory, which goes with it.
        say("stopping Wharf (its data directory, with the bench's backups, is removed)");
        await stopWharf(state.server).catch((e) => console.error(`could not stop Wharf: ${e.message}`));
      }
      if (state.proxies) await state.proxies.stop().catch(() => {});
      if (state.tmpRoot) await rm(state.tmpRoot, { recursive: true, force: true }).catch(() => {});
      if (state.made) {
        say(
          opts.keep
            ? 'removing what the transfer rounds made (--keep keeps the bench volumes)'
            : 'removing bench volumes and their containers (--keep keeps them)',
        );
        await Promise.all(
          engines.map(async (e) => {
            const r = await removeBenchVolumes(e, { parallel: opts.parallel, keepFixtures: opts.keep }).catch(
              (err) => ({ failed: [err.message], containers: 0, volumes: 0 }),
            );
            say(
              `${e.name}: removed ${r.containers} containers, ${r.volumes} volumes${r.failed.length ? `; could not remove: ${r.failed.join('; ').slice(0, 300)}` : ''}`,
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

    say(
      `setting up ${opts.volumes} bench volumes per engine (label ${BENCH_LABEL}=${BENCH_VALUE}) and ${opts.users} containers mounting ${opts.perUser} each, on all engines at once`,
    );
    state.made = true;
    const ensureAll = ({ quiet }) =>
      Promise.all(
        engines.map(async (e) => {
          const t = performance.now();
          const r = await ensureBenchVolumes(e, {
            count: opts.volumes,
            users: opts.users,
            perUser: opts.perUser,
            image: fleet.image,
            parallel: opts.parallel,
            isStopped: () => interrupted,
          });
          if (!quiet || r.created || r.usersCreated)
            say(
              `${e.name}: ${quiet ? 're-' : ''}created ${r.created} volumes, reused ${r.reused}; ${r.usersCreated} of ${r.users} user containers created (${((performance.now() - t) / 1000).toFixed(1)} s)`,
            );
          return { host: e.name, ...r };
        }),
      );
    const setup = await ensureAll({ quiet: false });
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

    let transfer = null;
    if (opts.transferRounds) {
      state.tmpRoot = await mkdtemp(path.join(os.tmpdir(), 'wharf-bench-cp-'));
      transfer = await runTransfer({
        opts,
        engine: transferEngine,
        server: state.server,
        image: fleet.image,
        dockerConfig: fleet.raw.dockerConfig ?? path.join(fleet.raw.fleetDir, 'docker-config'),
        tmpRoot: state.tmpRoot,
      });
    }

    const mountedPerHost = new Set(
      Array.from({ length: opts.users }, (_, j) => userVolumes(j, opts.perUser)).flat(),
    ).size;
    const result = {
      bench: 'volumes',
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
      mixedGapMs: MIXED_GAP_MS,
      targets: { inventoryVsSlowestRaw: TARGET_LIST, diskUsageCallsOnList: 0 },
      setup: {
        volumes: opts.volumes,
        users: opts.users,
        perUser: opts.perUser,
        mountedPerHost,
        hosts: setup,
      },
      phases,
      transfer,
    };
    console.log(report(result, names));
    await writeResult(resultsDir, 'volumes', started, result);
    return 0;
  } finally {
    await cleanup();
  }
}

runBench('volumes', main, () => interrupted);

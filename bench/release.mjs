// npm run bench -- release [options]
//
// Times a release (request -> succeeded) and a one-click rollback (request -> succeeded) of one service
// on one host through Wharf, against the same container swap done with the docker CLI in the same run:
// docker create, docker stop -t 1, docker rename (twice), docker start, then the same HTTP health check
// polled at the same interval as Wharf's verify step. The images are on the host already, so no pull
// is timed. Both wait for the new container to answer its health check; that wait is measured on its
// own for the raw swap and taken out of both sides of the ratio. It prints; it does not fail on targets.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFleet } from './lib/fleet.mjs';
import { closeTarget, describeTarget } from './lib/http.mjs';
import {
  BENCH_MARK,
  docker,
  dockerTarget,
  httpCheck,
  removeMarked,
  requireImages,
  waitHealthy,
} from './lib/release-fixtures.mjs';
import { runBench, writeResult } from './lib/results.mjs';
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

const APP = '127.0.0.1:5055/wharf-demo/app';
/** Two healthy versions of the demo app; each round swaps from one to the other. */
const TAGS = ['3f9c2a1', '8b41d07'];
const TARGET = 1.3;
/** Wharf's verify step probes every 500 ms (lib/server/releases/verify.ts); the raw check polls alike. */
const VERIFY_POLL_MS = 500;
const TERMINAL = new Set(['succeeded', 'failed', 'rolled_back', 'rejected', 'cancelled', 'interrupted']);

const HELP = `usage: npm run bench -- release [options]

  --rounds N        measured rounds (default 5): a Wharf release, a Wharf rollback and a raw swap each
  --warmup N        unmeasured rounds first (default 1)
  --host NAME       the engine (default fleet-a)
  --raw-via KIND    how the docker CLI reaches the engine: "same" as Wharf (default; mutual TLS for a
                    TCP host) or "socket" (its unix socket)
  --poll-ms N       interval of the raw health check (default ${VERIFY_POLL_MS}, as Wharf's verify step)
  --status-poll-ms N  interval at which the bench reads a release's status (default 25)
  --port-base N     host ports: the service gets N, the raw container N+1 (default random in 32500-32698)
  --port N          port for \`next start\` (default 3214)
  --raw-only        time the raw swap only (no Wharf, no build)
  --app DIR         the Wharf checkout to build and start (default: this repository)
  --build           always run \`next build\` first; --no-build never builds (default: when stale)
  -h, --help        this text

Writes bench/results/release-<timestamp>.json.`;

function options() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      host: { type: 'string', default: 'fleet-a' },
      'raw-via': { type: 'string', default: 'same' },
      'poll-ms': { type: 'string', default: String(VERIFY_POLL_MS) },
      'status-poll-ms': { type: 'string', default: '25' },
      'port-base': { type: 'string', default: String(32_500 + 2 * Math.floor(Math.random() * 100)) },
      port: { type: 'string', default: '3214' },
      app: { type: 'string', default: repoRoot },
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      'raw-only': { type: 'boolean', default: false },
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
  if (values['raw-via'] !== 'same' && values['raw-via'] !== 'socket')
    throw new Error('--raw-via must be "same" or "socket"');
  return {
    help: values.help,
    rounds: int('rounds', 1, 100),
    warmup: int('warmup', 0, 20),
    host: values.host,
    rawVia: values['raw-via'],
    pollMs: int('poll-ms', 10, 5000),
    statusPollMs: int('status-poll-ms', 5, 1000),
    portBase: int('port-base', 1024, 65_534),
    port: int('port', 1),
    app: path.resolve(values.app),
    build: values['no-build'] ? 'never' : values.build ? 'always' : 'auto',
    rawOnly: values['raw-only'],
  };
}

const t0 = performance.now();
let interrupted = false;
function say(message) {
  const s = ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
  console.log(`[bench ${s}s] ${message}`);
}

function stats(values) {
  return {
    n: values.length,
    median: round(median(values)),
    p90: round(percentile(values, 90)),
    min: round(values.length ? Math.min(...values) : Number.NaN),
    max: round(values.length ? Math.max(...values) : Number.NaN),
    samples: values.map(round),
  };
}

const spanMs = (a, b) => (a && b ? Date.parse(b) - Date.parse(a) : Number.NaN);

// ------------------------------------------------------------------------------------------- Wharf

/**
 * Sends a release or rollback request and reads its status until it ends. Answers the wall time from
 * the request to the first read that saw it succeed, and Wharf's own figures for the run.
 */
async function timedRelease(server, pathname, body, { statusPollMs }) {
  const started = performance.now();
  const created = await api(server, pathname, { method: 'POST', json: body });
  const requestMs = performance.now() - started;
  const id = created.data.id;
  let release = created.data;
  while (!TERMINAL.has(release.status)) {
    await sleep(statusPollMs);
    release = (await api(server, `/api/v1/releases/${id}`)).data;
  }
  const wallMs = performance.now() - started;
  if (release.status !== 'succeeded')
    throw new Error(
      `release ${release.number} of ${release.service} ended ${release.status}: ${release.message}`,
    );
  const steps = {};
  for (const s of release.steps) steps[s.step] = (steps[s.step] ?? 0) + spanMs(s.startedAt, s.finishedAt);
  return {
    id,
    wallMs,
    requestMs,
    runMs: spanMs(release.startedAt, release.finishedAt),
    steps,
    fast: release.steps.find((s) => s.step === 'swap')?.detail?.fast === true,
  };
}

async function expectVersion(port, tag, what) {
  const check = await httpCheck(port, '/version');
  if (!check.ok || check.body.trim() !== tag)
    throw new Error(
      `${what}: port ${port} serves ${check.ok ? check.body.trim() : check.message}, not ${tag}`,
    );
}

// --------------------------------------------------------------------------------------------- raw

/**
 * The swap a release does, with the docker CLI: create the new container under a temporary name, stop
 * the live one (-t 1), keep it under another name, give the new one the live name and start it; then
 * poll the health check. The previous round's kept container is removed first, outside the timing.
 */
async function rawSwap(target, { name, port, tag, pollMs }) {
  await docker(target, ['rm', '-f', `${name}.old`], { allowFail: true });
  const started = performance.now();
  const create = await docker(target, [
    'create',
    '--name',
    `${name}.new`,
    '--label',
    `${BENCH_MARK}=1`,
    '--restart',
    'unless-stopped',
    '--stop-timeout',
    '1',
    '-p',
    `127.0.0.1:${port}:8080`,
    `${APP}:${tag}`,
  ]);
  const stop = await docker(target, ['stop', '-t', '1', name]);
  const renameOld = await docker(target, ['rename', name, `${name}.old`]);
  const renameNew = await docker(target, ['rename', `${name}.new`, name]);
  const start = await docker(target, ['start', name]);
  const startedContainer = performance.now();
  await waitHealthy(port, { pollMs, deadlineMs: 30_000 });
  const healthy = performance.now();
  return {
    swapMs: healthy - started,
    commandsMs: startedContainer - started,
    healthMs: healthy - startedContainer,
    commands: {
      create: create.ms,
      stop: stop.ms,
      renameOld: renameOld.ms,
      renameNew: renameNew.ms,
      start: start.ms,
    },
  };
}

/** Builds when stale, starts Wharf, registers the host and the registry, and deploys the first version. */
async function setUpWharf({ opts, state, engine, fleet, service, servicePort, resultsDir, base }) {
  const secret = newSecret();
  const build = await ensureBuild(opts.app, { mode: opts.build, logDir: resultsDir, say, secret });
  if (build.built) say(`built in ${build.seconds} s`);

  state.server = await startWharf(opts.app, { port: opts.port, say, secret }).catch((e) => {
    if (e.server) state.server = e.server;
    throw e;
  });
  const server = state.server;
  await createApiToken(server);
  await registerHosts(server, [engine]);
  await registerFleetRegistry(server, fleet.raw.registry);
  await api(server, '/api/v1/services', {
    method: 'POST',
    json: {
      name: service,
      hosts: [engine.name],
      image: APP,
      labels: { [BENCH_MARK]: '1' },
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
  say(`signed in, registered ${engine.name} and the fleet registry, made service ${service}`);
  // The starting point: the first version running and healthy.
  await timedRelease(server, `/api/v1/services/${service}/releases`, { tag: base }, opts);
  await expectVersion(servicePort, base, 'first deploy');
  state.build = build;
  return server;
}

// ------------------------------------------------------------------------------------------ report

function report(result) {
  const { wharf, raw } = result.figures;
  const { ratios } = result;
  const row = (label, s, note = '') => [label, fmt(s.median), fmt(s.p90), fmt(s.min), fmt(s.max), note];
  const lines = [
    '',
    `release swap on ${result.host} (${result.rounds} rounds; images on the host; stop timeout 1 s on both sides)`,
    '',
    table(
      ['figure', 'median ms', 'p90 ms', 'min ms', 'max ms', ''],
      [
        row('Wharf release: request -> succeeded', wharf.release.wall, 'measured'),
        row('  of it: the request (resolve tag, insert, start)', wharf.release.request),
        row('  of it: Wharf run (started -> finished)', wharf.release.run),
        ...['preflight', 'swap', 'verify', 'finish'].map((st) =>
          row(`    ${st} step`, wharf.release.steps[st]),
        ),
        row('Wharf rollback: request -> succeeded', wharf.rollback.wall, 'measured'),
        row('  of it: verify step', wharf.rollback.verify),
        row('raw swap: docker create/stop/rename/start + health', raw.swap, 'floor'),
        row('  of it: the docker commands', raw.commands),
        ...['create', 'stop', 'renameOld', 'renameNew', 'start'].map((c) =>
          row(
            `    docker ${c === 'renameOld' ? 'rename (old)' : c === 'renameNew' ? 'rename (new)' : c}`,
            raw.perCommand[c],
          ),
        ),
        row('  of it: health wait (shared by both)', raw.health, 'shared'),
      ],
    ),
    '',
    `shared health wait: ${fmt(raw.health.median)} ms (raw container start -> first passing GET /health, polled every ${result.pollMs} ms)`,
    table(
      ['ratio (median, shared health wait taken out)', 'value', 'target'],
      [
        ['(Wharf release - health) / (raw swap - health)', `${fmt(ratios.release, 2)}x`, `${TARGET}x`],
        ['(Wharf rollback - health) / (raw swap - health)', `${fmt(ratios.rollback, 2)}x`, 'reference'],
        ['Wharf release / raw swap, whole', `${fmt(ratios.releaseWhole, 2)}x`, 'reference'],
      ],
    ),
    '',
    ratios.release === null
      ? 'no Wharf figures (--raw-only)'
      : `release ratio ${ratios.release <= TARGET ? 'meets' : 'misses'} the ${TARGET}x target`,
    `load average: ${result.machine.loadAvgAtStart.join(' ')} at start, ${result.machine.loadAvgAtEnd.join(' ')} at end`,
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
  const engine = fleet.engines.find((e) => e.name === opts.host);
  if (!engine) throw new Error(`--host ${opts.host} is not in the fleet`);
  const hostJson = fleet.raw.hosts.find((h) => h.name === opts.host);
  const dockerConfig = fleet.raw.dockerConfig ?? path.join(fleet.raw.fleetDir, 'docker-config');
  const target = dockerTarget(engine, hostJson, { via: opts.rawVia, dockerConfig });
  const run = randomBytes(3).toString('hex');
  const service = `bench-release-${run}`;
  const rawName = `wharf-bench-rawswap-${run}`;
  const servicePort = opts.portBase;
  const rawPort = opts.portBase + 1;
  say(
    `host ${engine.name}: Wharf over ${describeTarget(engine.direct)}, docker CLI over ${target.describe}; ports ${servicePort} (service), ${rawPort} (raw)`,
  );

  const state = { server: null };
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (state.server) {
        say('stopping Wharf (its data directory goes with it)');
        await stopWharf(state.server).catch((e) => console.error(`could not stop Wharf: ${e.message}`));
      }
      const removed = await removeMarked(engine).catch((e) => {
        console.error(`could not remove the bench's containers: ${e.message}`);
        return 0;
      });
      say(`removed ${removed} container(s) the bench made on ${engine.name}`);
      closeTarget(engine.socket);
    })());
  const onSignal = (sig) => {
    interrupted = true;
    console.error(`\n${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await requireImages(
      engine,
      TAGS.map((t) => `${APP}:${t}`),
    );
    const left = await removeMarked(engine);
    if (left) say(`removed ${left} container(s) an earlier run left`);

    const resultsDir = path.join(repoRoot, 'bench', 'results');
    await mkdir(resultsDir, { recursive: true });
    const [base, next] = TAGS;
    const server = opts.rawOnly
      ? null
      : await setUpWharf({ opts, state, engine, fleet, service, servicePort, resultsDir, base });
    await docker(target, [
      'run',
      '-d',
      '--name',
      rawName,
      '--label',
      `${BENCH_MARK}=1`,
      '--restart',
      'unless-stopped',
      '--stop-timeout',
      '1',
      '-p',
      `127.0.0.1:${rawPort}:8080`,
      `${APP}:${base}`,
    ]);
    await waitHealthy(rawPort, { pollMs: 50, deadlineMs: 30_000 });
    say(
      `${opts.rawOnly ? 'the raw container runs' : 'both sides run'} ${base}; ${opts.warmup} warm-up round(s), then ${opts.rounds} measured`,
    );

    const samples = { release: [], rollback: [], raw: [] };
    let rawTag = base;
    for (let r = 0; r < opts.warmup + opts.rounds; r++) {
      if (interrupted) throw new Error('interrupted');
      const measured = r >= opts.warmup;
      let rel = null;
      let back = null;
      if (server) {
        rel = await timedRelease(server, `/api/v1/services/${service}/releases`, { tag: next }, opts);
        await expectVersion(servicePort, next, 'release');
        back = await timedRelease(server, `/api/v1/services/${service}/rollback`, {}, opts);
        await expectVersion(servicePort, base, 'rollback');
      }
      rawTag = rawTag === base ? next : base;
      const raw = await rawSwap(target, { name: rawName, port: rawPort, tag: rawTag, pollMs: opts.pollMs });
      await expectVersion(rawPort, rawTag, 'raw swap');
      say(
        `${measured ? `round ${r - opts.warmup + 1}/${opts.rounds}` : `warm-up ${r + 1}/${opts.warmup}`}: ${rel && back ? `Wharf release ${fmt(rel.wallMs)} ms (verify ${fmt(rel.steps.verify)}), rollback ${fmt(back.wallMs)} ms (fast ${back.fast}); ` : ''}raw swap ${fmt(raw.swapMs)} ms (commands ${fmt(raw.commandsMs)}, health ${fmt(raw.healthMs)})`,
      );
      if (!measured) continue;
      if (rel) samples.release.push(rel);
      if (back) samples.rollback.push(back);
      samples.raw.push(raw);
    }

    const pick = (list, f) => stats(list.map(f));
    const wharf = {
      release: {
        wall: pick(samples.release, (x) => x.wallMs),
        request: pick(samples.release, (x) => x.requestMs),
        run: pick(samples.release, (x) => x.runMs),
        verify: pick(samples.release, (x) => x.steps.verify ?? Number.NaN),
        steps: Object.fromEntries(
          ['preflight', 'pull', 'swap', 'verify', 'finish'].map((s) => [
            s,
            pick(samples.release, (x) => x.steps[s] ?? Number.NaN),
          ]),
        ),
      },
      rollback: {
        wall: pick(samples.rollback, (x) => x.wallMs),
        run: pick(samples.rollback, (x) => x.runMs),
        verify: pick(samples.rollback, (x) => x.steps.verify ?? Number.NaN),
        fast: samples.rollback.every((x) => x.fast),
      },
    };
    const raw = {
      swap: pick(samples.raw, (x) => x.swapMs),
      commands: pick(samples.raw, (x) => x.commandsMs),
      perCommand: Object.fromEntries(
        ['create', 'stop', 'renameOld', 'renameNew', 'start'].map((c) => [
          c,
          pick(samples.raw, (x) => x.commands[c]),
        ]),
      ),
      health: pick(samples.raw, (x) => x.healthMs),
    };
    const shared = raw.health.median;
    // Figures from the raw samples, not the rounded summaries; null without Wharf figures.
    const mid = (list, f) => (list.length ? median(list.map(f)) : Number.NaN);
    const sharedRaw = mid(samples.raw, (x) => x.healthMs);
    const rawSwapMid = mid(samples.raw, (x) => x.swapMs);
    const ratios = {
      release: round((mid(samples.release, (x) => x.wallMs) - sharedRaw) / (rawSwapMid - sharedRaw), 3),
      rollback: round((mid(samples.rollback, (x) => x.wallMs) - sharedRaw) / (rawSwapMid - sharedRaw), 3),
      releaseWhole: round(mid(samples.release, (x) => x.wallMs) / rawSwapMid, 3),
    };
    const result = {
      bench: 'release',
      startedAt: started.toISOString(),
      seconds: round((performance.now() - t0) / 1000),
      node: process.version,
      machine: {
        cpus: os.cpus().length,
        loadAvgAtStart: loadAtStart,
        loadAvgAtEnd: os.loadavg().map((x) => round(x, 2)),
      },
      wharf: { app: opts.app, git: gitDescribe(opts.app), build: state.build ?? null, skipped: opts.rawOnly },
      host: engine.name,
      rawVia: target.describe,
      rounds: opts.rounds,
      warmup: opts.warmup,
      pollMs: opts.pollMs,
      statusPollMs: opts.statusPollMs,
      tags: TAGS,
      target: { ratio: TARGET, formula: '(Wharf release - shared health) / (raw swap - shared health)' },
      sharedHealthMs: shared,
      figures: { wharf, raw },
      ratios,
    };
    console.log(report(result));
    await writeResult(resultsDir, 'release', started, result);
    return 0;
  } finally {
    await cleanup();
  }
}

runBench('release', main, () => interrupted);

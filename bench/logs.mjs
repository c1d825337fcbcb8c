// npm run bench -- logs [options]
//
// Wharf's container log endpoint (GET /api/v1/hosts/{host}/containers/{id}/logs) on one host, in three
// phases measured in the same run:
// - throughput: a container that wrote 200,000 numbered lines of 100 bytes (10 % on stderr) is read
//   whole through Wharf's Server-Sent Events stream and checked line by line (none lost, duplicated,
//   reordered within its stream or altered), against `docker logs -t` of it into /dev/null over the same
//   transport (the floor); the raw Engine API read and Wharf's plain-text download for reference;
// - live latency: 20 concurrent followed streams of a container printing a line every 50 ms; latency is
//   the arrival at the client minus Docker's timestamp of the line (one machine, one clock);
// - memory: 50 concurrent followed streams for a while, sampling the Wharf server's RSS.
// It prints; it does not fail on targets.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFleet } from './lib/fleet.mjs';
import { closeTarget, describeTarget, makeTarget } from './lib/http.mjs';
import {
  dockerLogs,
  findServer,
  LINE_BYTES,
  lineChecker,
  memorySampler,
  nowMs,
  openSse,
  rawLogs,
  readPlain,
  removeMarked,
  runContainer,
  sampleMemory,
  slope,
  tickerCommand,
  tsMs,
  waitExit,
  writerCommand,
} from './lib/log-fixtures.mjs';
import { dockerTarget } from './lib/release-fixtures.mjs';
import { runBench, writeResult } from './lib/results.mjs';
import { fmt, median, percentile, round, summarize, table } from './lib/stats.mjs';
import {
  createApiToken,
  ensureBuild,
  gitDescribe,
  newSecret,
  registerHosts,
  startWharf,
  stopWharf,
} from './lib/wharf.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');

const TARGETS = {
  throughputRatio: 0.5,
  latencyP50Ms: 100,
  latencyP99Ms: 300,
  memoryMaxMb: 300,
};
const PHASES = ['throughput', 'live', 'soak'];

const HELP = `usage: npm run bench -- logs [options]

  --phases LIST           throughput,live,soak (default all three)
  --lines N               numbered lines the throughput container writes (default 200000)
  --stderr-every N        every N-th line goes to stderr (default 10: 10 %)
  --rounds N              measured throughput rounds (default 3)
  --warmup N              unmeasured throughput rounds first (default 1)
  --live-streams N        concurrent followed streams for the latency (default 20)
  --live-seconds N        how long the latency is measured (default 30)
  --tick-ms N             the live container prints a line every N ms (default 50)
  --soak-streams N        concurrent followed streams for the memory soak (default 50)
  --soak-containers N     containers the soak streams are spread over (default 5)
  --soak-lines-per-tick N lines each soak container prints every tick (default 5: about 100 lines/s)
  --soak-tail N           lines of history each soak stream asks for first (default 500)
  --soak-seconds N        measured soak, after the warm-up (default 120; 600 for ten minutes)
  --soak-warmup-seconds N soak warm-up, not in the start/slope figures (default 30)
  --sample-seconds N      RSS sampling interval (default 5)
  --flat-mb-per-min N     the largest RSS slope still called flat (default 2)
  --host NAME             the engine (default fleet-a)
  --raw-via KIND          how the docker CLI and the raw read reach the engine: "same" as Wharf (default;
                          mutual TLS for a TCP host) or "socket" (its unix socket)
  --port N                port for \`next start\` (default 3215)
  --app DIR               the Wharf checkout to build and start (default: this repository)
  --build                 always run \`next build\` first; --no-build never builds (default: when stale)
  -h, --help              this text

Writes bench/results/logs-<timestamp>.json.`;

function options() {
  const { values } = parseArgs({
    options: {
      phases: { type: 'string', default: PHASES.join(',') },
      lines: { type: 'string', default: '200000' },
      'stderr-every': { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '1' },
      'live-streams': { type: 'string', default: '20' },
      'live-seconds': { type: 'string', default: '30' },
      'tick-ms': { type: 'string', default: '50' },
      'soak-streams': { type: 'string', default: '50' },
      'soak-containers': { type: 'string', default: '5' },
      'soak-lines-per-tick': { type: 'string', default: '5' },
      'soak-tail': { type: 'string', default: '500' },
      'soak-seconds': { type: 'string', default: '120' },
      'soak-warmup-seconds': { type: 'string', default: '30' },
      'sample-seconds': { type: 'string', default: '5' },
      'flat-mb-per-min': { type: 'string', default: '2' },
      host: { type: 'string', default: 'fleet-a' },
      'raw-via': { type: 'string', default: 'same' },
      port: { type: 'string', default: '3215' },
      app: { type: 'string', default: repoRoot },
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
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
  const phases = values.phases.split(',').map((p) => p.trim());
  for (const p of phases) if (!PHASES.includes(p)) throw new Error(`--phases: unknown phase ${p}`);
  if (values['raw-via'] !== 'same' && values['raw-via'] !== 'socket')
    throw new Error('--raw-via must be "same" or "socket"');
  const flat = Number(values['flat-mb-per-min']);
  if (!(flat > 0)) throw new Error('--flat-mb-per-min must be a positive number');
  return {
    help: values.help,
    phases: new Set(phases),
    lines: int('lines', 100, 10_000_000),
    stderrEvery: int('stderr-every', 2, 1000),
    rounds: int('rounds', 1, 50),
    warmup: int('warmup', 0, 10),
    liveStreams: int('live-streams', 1, 500),
    liveSeconds: int('live-seconds', 5, 3600),
    tickMs: int('tick-ms', 10, 10_000),
    soakStreams: int('soak-streams', 1, 1000),
    soakContainers: int('soak-containers', 1, 100),
    soakLinesPerTick: int('soak-lines-per-tick', 1, 1000),
    soakTail: int('soak-tail', 0, 100_000),
    soakSeconds: int('soak-seconds', 10, 24 * 3600),
    soakWarmupSeconds: int('soak-warmup-seconds', 0, 3600),
    sampleSeconds: int('sample-seconds', 1, 600),
    flatMbPerMin: flat,
    host: values.host,
    rawVia: values['raw-via'],
    port: int('port', 1, 65_535),
    app: path.resolve(values.app),
    build: values['no-build'] ? 'never' : values.build ? 'always' : 'auto',
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

const logsPath = (host, id, query) =>
  `/api/v1/hosts/${encodeURIComponent(host)}/containers/${id}/logs?${query}`;
const perSecond = (lines, ms) => (ms > 0 ? (lines / ms) * 1000 : Number.NaN);

// -------------------------------------------------------------------------------------- throughput

/** Reads the whole log through Wharf's SSE stream, checking every line; answers the figures. */
async function wharfSse(server, host, id, opts, pgid, serverPid, engineOrder) {
  const checker = lineChecker(opts.lines, opts.stderrEvery, engineOrder);
  const events = { lines: 0, skipped: 0, skippedLines: 0, marker: 0, error: [], end: null };
  let firstLineAt = null;
  const sampler = memorySampler(pgid, serverPid, null, 250, { group: false });
  const started = nowMs();
  const stream = openSse(server, logsPath(host, id, 'tail=all&follow=false'), {
    onEvent: (name, data, at) => {
      if (name === 'lines') {
        events.lines++;
        firstLineAt ??= at;
        for (const l of data.lines) checker.push(l.stream, l.text, l.ts);
      } else if (name === 'skipped') {
        events.skipped++;
        events.skippedLines += data.count;
      } else if (name === 'marker') events.marker++;
      else if (name === 'error') events.error.push(data.message);
      else if (name === 'end') events.end = data.reason;
    },
  });
  const { bytes } = await stream.done;
  const ms = nowMs() - started;
  const samples = await sampler.stop();
  const check = checker.result();
  return {
    ms,
    firstLineMs: firstLineAt === null ? Number.NaN : firstLineAt - started,
    bytes,
    events,
    check,
    serverRssMaxMb: Math.max(...samples.map((s) => s.serverMb)),
  };
}

/** The plain-text download of the same range, checked the same way (the stream is not in the text). */
async function wharfPlain(server, host, id, opts, engineOrder) {
  const checker = lineChecker(opts.lines, opts.stderrEvery, engineOrder);
  const { ms, bytes } = await readPlain(server, logsPath(host, id, 'tail=all'), (line) => {
    const sp = line.indexOf(' ');
    checker.push(null, line.slice(sp + 1), line.slice(0, sp));
  });
  return { ms, bytes, check: checker.result() };
}

async function throughputPhase({ opts, engine, wharfHost, server, cli, rawTarget, run, pgid, serverPid }) {
  const name = `wharf-bench-logs-${run}-lines`;
  say(
    `throughput: ${name} writes ${opts.lines} numbered lines of ${LINE_BYTES} bytes, every ${opts.stderrEvery}th on stderr`,
  );
  const writeStarted = performance.now();
  const id = await runContainer(engine, {
    name,
    image: engine.image,
    cmd: writerCommand(opts.lines, opts.stderrEvery),
    run,
  });
  const code = await waitExit(engine, id, 600_000);
  if (code !== 0) throw new Error(`${name} exited ${code}`);
  // The engine's own order of the lines, to compare Wharf's with (the streams interleave in the order
  // the engine wrote them to its file, which is not strictly by timestamp).
  const engineOrder = new Int32Array(opts.lines);
  const written = await rawLogs(engine.socket, id, { order: engineOrder });
  say(
    `throughput: written in ${fmt((performance.now() - writeStarted) / 1000)} s; the engine holds ${written.lines} lines`,
  );
  if (written.lines !== opts.lines)
    throw new Error(`the engine holds ${written.lines} lines of ${name}, not ${opts.lines}`);

  const rounds = [];
  for (let r = 0; r < opts.warmup + opts.rounds; r++) {
    checkStop();
    const measured = r >= opts.warmup;
    const cliTs = await dockerLogs(cli, id, { timestamps: true });
    const cliPlain = await dockerLogs(cli, id, { timestamps: false });
    const raw = await rawLogs(rawTarget, id);
    if (raw.lines !== opts.lines) throw new Error(`raw read got ${raw.lines} lines, not ${opts.lines}`);
    const sse = await wharfSse(server, wharfHost, id, opts, pgid, serverPid, engineOrder);
    const plain = await wharfPlain(server, wharfHost, id, opts, engineOrder);
    const round_ = { cliTs: cliTs.ms, cliPlain: cliPlain.ms, raw: raw.ms, sse, plain };
    say(
      `${measured ? `round ${r - opts.warmup + 1}/${opts.rounds}` : `warm-up ${r + 1}/${opts.warmup}`}: docker logs -t ${fmt(cliTs.ms)} ms, docker logs ${fmt(cliPlain.ms)} ms, raw API ${fmt(raw.ms)} ms; Wharf SSE ${fmt(sse.ms)} ms (${sse.check.lines} lines, lost ${sse.check.lost}, dup ${sse.check.duplicated}, reordered ${sse.check.reordered}, altered ${sse.check.corrupt}, not in the engine order ${sse.check.notEngineOrder}; ${sse.events.lines} batches, end "${sse.events.end}"; server RSS max ${fmt(sse.serverRssMaxMb)} MB), plain ${fmt(plain.ms)} ms (${plain.check.lines} lines, clean ${plain.check.clean})`,
    );
    if (measured) rounds.push(round_);
  }

  const lines = opts.lines;
  const med = (f) => median(rounds.map(f));
  const figures = {
    cliTimestamps: summarize(rounds.map((x) => x.cliTs)),
    cli: summarize(rounds.map((x) => x.cliPlain)),
    raw: summarize(rounds.map((x) => x.raw)),
    sse: summarize(rounds.map((x) => x.sse.ms)),
    sseFirstLine: summarize(rounds.map((x) => x.sse.firstLineMs)),
    plain: summarize(rounds.map((x) => x.plain.ms)),
  };
  const rates = {
    cliTimestamps: round(
      perSecond(
        lines,
        med((x) => x.cliTs),
      ),
      0,
    ),
    cli: round(
      perSecond(
        lines,
        med((x) => x.cliPlain),
      ),
      0,
    ),
    raw: round(
      perSecond(
        lines,
        med((x) => x.raw),
      ),
      0,
    ),
    sse: round(
      perSecond(
        lines,
        med((x) => x.sse.ms),
      ),
      0,
    ),
    plain: round(
      perSecond(
        lines,
        med((x) => x.plain.ms),
      ),
      0,
    ),
  };
  const sum = (f) => rounds.reduce((s, x) => s + f(x), 0);
  const integrity = {
    sse: {
      reads: rounds.length,
      lines: sum((x) => x.sse.check.lines),
      lost: sum((x) => x.sse.check.lost),
      duplicated: sum((x) => x.sse.check.duplicated),
      reordered: sum((x) => x.sse.check.reordered),
      altered: sum((x) => x.sse.check.corrupt),
      timestampsBackwards: sum((x) => x.sse.check.tsBackwards),
      notEngineOrder: sum((x) => x.sse.check.notEngineOrder),
      skippedEvents: sum((x) => x.sse.events.skipped),
      errors: rounds.flatMap((x) => x.sse.events.error),
      endReasons: [...new Set(rounds.map((x) => x.sse.events.end))],
      firstAltered: rounds.find((x) => x.sse.check.firstCorrupt)?.sse.check.firstCorrupt ?? null,
    },
    plain: {
      reads: rounds.length,
      lines: sum((x) => x.plain.check.lines),
      lost: sum((x) => x.plain.check.lost),
      duplicated: sum((x) => x.plain.check.duplicated),
      reordered: sum((x) => x.plain.check.reordered),
      altered: sum((x) => x.plain.check.corrupt),
      notEngineOrder: sum((x) => x.plain.check.notEngineOrder),
    },
  };
  return {
    container: name,
    lines,
    lineBytes: LINE_BYTES,
    stderrEvery: opts.stderrEvery,
    figures,
    linesPerSecond: rates,
    ratio: round(rates.sse / rates.cliTimestamps, 3),
    ratioNoTimestamps: round(rates.sse / rates.cli, 3),
    plainRatio: round(rates.plain / rates.cliTimestamps, 3),
    sseBytesPerRead: median(rounds.map((x) => x.sse.bytes)),
    sseBatchesPerRead: median(rounds.map((x) => x.sse.events.lines)),
    serverRssMaxMb: round(Math.max(...rounds.map((x) => x.sse.serverRssMaxMb))),
    integrity,
    clean:
      integrity.sse.lost +
        integrity.sse.duplicated +
        integrity.sse.reordered +
        integrity.sse.altered +
        integrity.sse.notEngineOrder ===
        0 && integrity.sse.lines === lines * rounds.length,
  };
}

// ------------------------------------------------------------------------------------------ follow

/**
 * Opens `count` followed streams over `ids` (round robin); each line's number is checked for gaps and
 * `onLine(stream index, line, arrival)` sees every line.
 */
async function openFollowers(server, host, ids, count, tail, onLine) {
  const streams = [];
  for (let i = 0; i < count; i++) {
    const id = ids[i % ids.length];
    const s = {
      index: i,
      id,
      lines: 0,
      gaps: 0,
      missing: 0,
      backwards: 0,
      skipped: 0,
      errors: [],
      end: null,
      lastSeq: null,
      lastAt: null,
    };
    s.handle = openSse(server, logsPath(host, id, `tail=${tail}`), {
      onEvent: (name, data, at) => {
        if (name === 'lines') {
          for (const l of data.lines) {
            s.lines++;
            s.lastAt = at;
            const seq = Number(l.text.slice(5, 13));
            if (s.lastSeq !== null) {
              if (seq > s.lastSeq + 1) {
                s.gaps++;
                s.missing += seq - s.lastSeq - 1;
              } else if (seq <= s.lastSeq) s.backwards++;
            }
            s.lastSeq = seq;
            onLine(s, l, at);
          }
        } else if (name === 'skipped') s.skipped += data.count;
        else if (name === 'error') s.errors.push(data.message);
        else if (name === 'end') s.end = data.reason;
      },
    });
    s.done = s.handle.done.then(
      (r) => {
        s.closed = r.closedByUs ? 'by the bench' : 'by the server';
      },
      (e) => {
        s.closed = `failed: ${e.message}`;
      },
    );
    streams.push(s);
  }
  const opened = await Promise.all(
    streams.map((s) => s.handle.opened.catch((e) => ({ status: 0, error: e }))),
  );
  const bad = opened.filter((o) => o.status !== 200);
  if (bad.length)
    throw new Error(
      `${bad.length} of ${count} streams did not open (${bad[0].error?.message ?? bad[0].status})`,
    );
  return streams;
}

async function closeFollowers(streams) {
  for (const s of streams) s.handle.close();
  await Promise.all(streams.map((s) => s.done));
}

const streamTotals = (streams) => ({
  streams: streams.length,
  lines: streams.reduce((n, s) => n + s.lines, 0),
  gaps: streams.reduce((n, s) => n + s.gaps, 0),
  missing: streams.reduce((n, s) => n + s.missing, 0),
  backwards: streams.reduce((n, s) => n + s.backwards, 0),
  skipped: streams.reduce((n, s) => n + s.skipped, 0),
  errors: streams.flatMap((s) => s.errors).slice(0, 10),
  endedEarly: streams.filter((s) => s.end !== null || (s.closed && s.closed !== 'by the bench')).length,
});

async function livePhase({ opts, engine, wharfHost, server, run, pgid, serverPid, enginePort }) {
  const name = `wharf-bench-logs-${run}-live`;
  const tick = (opts.tickMs / 1000).toFixed(3);
  const id = await runContainer(engine, {
    name,
    image: engine.image,
    cmd: tickerCommand(1, tick),
    logConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
    run,
  });
  await sleep(1000);
  const base = await sampleMemory(pgid, serverPid, enginePort);
  const latencies = [];
  let measureFrom = Number.POSITIVE_INFINITY;
  let measureTo = Number.POSITIVE_INFINITY;
  const streams = await openFollowers(server, wharfHost, [id], opts.liveStreams, 0, (_s, line, at) => {
    const ts = tsMs(line.ts);
    if (ts >= measureFrom && ts < measureTo) latencies.push(at - ts);
  });
  // Lines written once every stream is open and settled count; the first second is left out.
  await sleep(1000);
  measureFrom = nowMs();
  say(
    `live: ${opts.liveStreams} followed streams of ${name} (a line every ${opts.tickMs} ms); measuring ${opts.liveSeconds} s`,
  );
  const during = await sampleMemory(pgid, serverPid, enginePort);
  await sleep(opts.liveSeconds * 1000);
  measureTo = nowMs();
  // Let the last lines arrive.
  await sleep(500);
  await closeFollowers(streams);
  const totals = streamTotals(streams);
  await sleep(2000);
  const after = await sampleMemory(pgid, serverPid, enginePort);
  const summary = {
    container: name,
    streams: opts.liveStreams,
    seconds: opts.liveSeconds,
    tickMs: opts.tickMs,
    samples: latencies.length,
    linesPerStream: round(latencies.length / opts.liveStreams, 0),
    p50: round(percentile(latencies, 50)),
    p90: round(percentile(latencies, 90)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies.length ? Math.max(...latencies) : Number.NaN),
    min: round(latencies.length ? Math.min(...latencies) : Number.NaN),
    totals,
    serverRssMb: round(during.serverMb),
    engineConnections: {
      before: base.engineConnections,
      during: during.engineConnections,
      afterClose: after.engineConnections,
    },
  };
  say(
    `live: ${summary.samples} lines timed, p50 ${fmt(summary.p50)} ms, p99 ${fmt(summary.p99)} ms, max ${fmt(summary.max)} ms; missing ${totals.missing}, skipped ${totals.skipped}; Wharf's engine connections ${base.engineConnections} before, ${during.engineConnections} during, ${after.engineConnections} after close`,
  );
  return summary;
}

async function soakPhase({ opts, engine, wharfHost, server, run, pgid, serverPid, enginePort }) {
  const ids = [];
  const tick = (opts.tickMs / 1000).toFixed(3);
  for (let i = 0; i < opts.soakContainers; i++) {
    ids.push(
      await runContainer(engine, {
        name: `wharf-bench-logs-${run}-soak-${i}`,
        image: engine.image,
        cmd: tickerCommand(opts.soakLinesPerTick, tick),
        logConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '2' } },
        run,
      }),
    );
  }
  // Enough history for the streams' tail to be full.
  await sleep(Math.min(10_000, Math.max(1000, (opts.soakTail / opts.soakLinesPerTick) * opts.tickMs)));
  const before = await sampleMemory(pgid, serverPid, enginePort);
  say(
    `soak: server RSS ${fmt(before.serverMb)} MB before; opening ${opts.soakStreams} followed streams (tail ${opts.soakTail}) over ${opts.soakContainers} containers, each about ${round((opts.soakLinesPerTick * 1000) / opts.tickMs, 0)} lines/s`,
  );
  const sampler = memorySampler(pgid, serverPid, enginePort, opts.sampleSeconds * 1000);
  const openedAt = nowMs();
  const streams = await openFollowers(
    server,
    wharfHost,
    ids,
    opts.soakStreams,
    opts.soakTail,
    () => undefined,
  );
  const warmEnd = openedAt + opts.soakWarmupSeconds * 1000;
  const end = warmEnd + opts.soakSeconds * 1000;
  let nextReport = nowMs() + 60_000;
  while (nowMs() < end) {
    checkStop();
    await sleep(Math.min(1000, Math.max(0, end - nowMs())));
    if (nowMs() >= nextReport) {
      nextReport += 60_000;
      const last = sampler.samples.at(-1);
      const t = streamTotals(streams);
      say(
        `soak: ${fmt((nowMs() - openedAt) / 1000, 0)} s, server RSS ${fmt(last?.serverMb)} MB, ${t.lines} lines received, missing ${t.missing}, skipped ${t.skipped}, ended early ${t.endedEarly}`,
      );
    }
  }
  const samples = await sampler.stop();
  const stale = streams.filter((s) => s.lastAt === null || nowMs() - s.lastAt > 10_000).length;
  await closeFollowers(streams);
  const totals = streamTotals(streams);
  await sleep(5000);
  const after = await sampleMemory(pgid, serverPid, enginePort);

  const measured = samples.filter((s) => s.at >= warmEnd);
  const points = measured.map((s) => ({ x: (s.at - openedAt) / 60_000, y: s.serverMb }));
  const groupPoints = measured.map((s) => ({ x: (s.at - openedAt) / 60_000, y: s.groupMb }));
  const first = measured[0];
  const last = measured.at(-1);
  const summary = {
    streams: opts.soakStreams,
    containers: opts.soakContainers,
    linesPerSecondPerContainer: round((opts.soakLinesPerTick * 1000) / opts.tickMs, 0),
    tail: opts.soakTail,
    warmupSeconds: opts.soakWarmupSeconds,
    seconds: opts.soakSeconds,
    sampleSeconds: opts.sampleSeconds,
    before: {
      serverMb: round(before.serverMb),
      groupMb: round(before.groupMb),
      engineConnections: before.engineConnections,
    },
    start: round(first?.serverMb),
    max: round(Math.max(...measured.map((s) => s.serverMb))),
    maxWithWarmup: round(Math.max(...samples.map((s) => s.serverMb))),
    end: round(last?.serverMb),
    slopeMbPerMin: round(slope(points), 2),
    group: {
      start: round(first?.groupMb),
      max: round(Math.max(...measured.map((s) => s.groupMb))),
      end: round(last?.groupMb),
      slopeMbPerMin: round(slope(groupPoints), 2),
    },
    afterClose: {
      serverMb: round(after.serverMb),
      engineConnections: after.engineConnections,
    },
    engineConnectionsDuring: median(measured.map((s) => s.engineConnections ?? Number.NaN)),
    staleStreams: stale,
    totals,
    samples: samples.map((s) => ({
      t: round((s.at - openedAt) / 1000),
      serverMb: round(s.serverMb),
      groupMb: round(s.groupMb),
      engineConnections: s.engineConnections,
    })),
  };
  say(
    `soak: RSS start ${fmt(summary.start)} MB, max ${fmt(summary.max)} MB, end ${fmt(summary.end)} MB, slope ${fmt(summary.slopeMbPerMin, 2)} MB/min; ${totals.lines} lines received, missing ${totals.missing}, skipped ${totals.skipped}; after close ${fmt(summary.afterClose.serverMb)} MB, engine connections ${after.engineConnections}`,
  );
  return summary;
}

// ------------------------------------------------------------------------------------------ report

const verdict = (ok) => (ok === null ? '-' : ok ? 'pass' : 'FAIL');

function report(result) {
  const rows = [];
  const { throughput: tp, live, soak } = result.phases;
  if (tp) {
    const r = (label, key, note) => [
      label,
      `${fmt(tp.figures[key].median)} ms`,
      fmt(tp.linesPerSecond[key], 0),
      note,
      '',
    ];
    rows.push(
      r('docker logs -t > /dev/null (floor)', 'cliTimestamps', 'floor'),
      r('docker logs > /dev/null', 'cli', 'reference'),
      r('raw Engine API read (node, frames walked)', 'raw', 'reference'),
      r('Wharf SSE, tail=all follow=false', 'sse', 'measured'),
      [
        '  Wharf SSE / docker logs -t, lines per second',
        `${fmt(tp.ratio, 2)}x`,
        '',
        `>= ${TARGETS.throughputRatio}x`,
        verdict(tp.ratio >= TARGETS.throughputRatio),
      ],
      [
        '  Wharf SSE lost / duplicated / reordered / altered / not in the engine order',
        `${tp.integrity.sse.lost} / ${tp.integrity.sse.duplicated} / ${tp.integrity.sse.reordered} / ${tp.integrity.sse.altered} / ${tp.integrity.sse.notEngineOrder}`,
        '',
        '0 / 0 / 0 / 0 / 0',
        verdict(tp.clean),
      ],
      ['  Wharf SSE first line', `${fmt(tp.figures.sseFirstLine.median)} ms`, '', 'reference', ''],
      ['  Wharf server RSS, max during a read', `${fmt(tp.serverRssMaxMb)} MB`, '', 'reference', ''],
      r('Wharf plain-text download', 'plain', 'reference'),
      [
        '  plain / docker logs -t; lost+dup+reordered+altered',
        `${fmt(tp.plainRatio, 2)}x`,
        '',
        'reference',
        `${tp.integrity.plain.lost + tp.integrity.plain.duplicated + tp.integrity.plain.reordered + tp.integrity.plain.altered + tp.integrity.plain.notEngineOrder} bad`,
      ],
    );
  }
  if (live) {
    rows.push(
      [
        `live latency p50 (${live.streams} streams, ${live.samples} lines)`,
        `${fmt(live.p50)} ms`,
        '',
        `< ${TARGETS.latencyP50Ms} ms`,
        verdict(live.p50 !== null && live.p50 < TARGETS.latencyP50Ms),
      ],
      [
        'live latency p99',
        `${fmt(live.p99)} ms`,
        '',
        `< ${TARGETS.latencyP99Ms} ms`,
        verdict(live.p99 !== null && live.p99 < TARGETS.latencyP99Ms),
      ],
      ['  p90 / max', `${fmt(live.p90)} / ${fmt(live.max)} ms`, '', 'reference', ''],
      [
        '  lines missing / skipped',
        `${live.totals.missing} / ${live.totals.skipped}`,
        '',
        '0 / 0',
        verdict(live.totals.missing === 0 && live.totals.skipped === 0),
      ],
    );
  }
  if (soak) {
    const flat = soak.slopeMbPerMin !== null && soak.slopeMbPerMin <= result.flatMbPerMin;
    rows.push(
      [
        `soak: server RSS max (${soak.streams} streams, ${soak.seconds} s)`,
        `${fmt(soak.max)} MB`,
        '',
        `< ${TARGETS.memoryMaxMb} MB`,
        verdict(soak.max !== null && soak.max < TARGETS.memoryMaxMb),
      ],
      [
        '  RSS slope (least squares, after warm-up)',
        `${fmt(soak.slopeMbPerMin, 2)} MB/min`,
        '',
        `<= ${result.flatMbPerMin} MB/min`,
        verdict(flat),
      ],
      [
        '  RSS before / start / end',
        `${fmt(soak.before.serverMb)} / ${fmt(soak.start)} / ${fmt(soak.end)} MB`,
        '',
        'reference',
        '',
      ],
      ['  RSS after the streams closed', `${fmt(soak.afterClose.serverMb)} MB`, '', 'reference', ''],
      [
        '  process group RSS max / slope',
        `${fmt(soak.group.max)} MB / ${fmt(soak.group.slopeMbPerMin, 2)} MB/min`,
        '',
        'reference',
        '',
      ],
      [
        '  lines received / missing / skipped',
        `${soak.totals.lines} / ${soak.totals.missing} / ${soak.totals.skipped}`,
        '',
        'reference',
        '',
      ],
      [
        '  streams ended early / stale at the end',
        `${soak.totals.endedEarly} / ${soak.staleStreams}`,
        '',
        '0 / 0',
        verdict(soak.totals.endedEarly === 0 && soak.staleStreams === 0),
      ],
      [
        "  Wharf's engine connections before / during / after close",
        `${soak.before.engineConnections ?? '-'} / ${fmt(soak.engineConnectionsDuring, 0)} / ${soak.afterClose.engineConnections ?? '-'}`,
        '',
        'reference',
        '',
      ],
    );
  }
  return [
    '',
    `container logs on ${result.host}: Wharf over ${result.wharfVia}, docker CLI and raw read over ${result.rawVia}`,
    `Wharf server process: ${result.server.pid ? `pid ${result.server.pid} (${result.server.comm})` : 'not found; group sums only'}`,
    '',
    table(['figure', 'value', 'lines/s', 'target', ''], rows),
    '',
    `load average: ${result.machine.loadAvgAtStart.join(' ')} at start, ${result.machine.loadAvgAtEnd.join(' ')} at end`,
  ].join('\n');
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
  engine.image = fleet.image;
  const hostJson = fleet.raw.hosts.find((h) => h.name === opts.host);
  const dockerConfig = fleet.raw.dockerConfig ?? path.join(fleet.raw.fleetDir, 'docker-config');
  const cli = dockerTarget(engine, hostJson, { via: opts.rawVia, dockerConfig });
  const rawTarget = opts.rawVia === 'socket' ? engine.socket : makeTarget(engine.direct);
  const enginePort = engine.direct.kind === 'unix' ? null : engine.direct.port;
  const run = randomBytes(3).toString('hex');
  say(
    `host ${engine.name}: Wharf over ${describeTarget(engine.direct)}, docker CLI over ${cli.describe}; containers wharf-bench-logs-${run}-*`,
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
      if (rawTarget !== engine.socket) closeTarget(rawTarget);
    })());
  const onSignal = (sig) => {
    interrupted = true;
    console.error(`\n${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const left = await removeMarked(engine);
    if (left) say(`removed ${left} container(s) an earlier run left`);
    const resultsDir = path.join(repoRoot, 'bench', 'results');
    await mkdir(resultsDir, { recursive: true });

    const secret = newSecret();
    const build = await ensureBuild(opts.app, { mode: opts.build, logDir: resultsDir, say, secret });
    if (build.built) say(`built in ${build.seconds} s`);
    state.server = await startWharf(opts.app, { port: opts.port, say, secret }).catch((e) => {
      if (e.server) state.server = e.server;
      throw e;
    });
    const server = state.server;
    await createApiToken(server);
    const [registered] = await registerHosts(server, [engine]);
    const wharfHost = registered.name;
    const pgid = server.child.pid;
    const found = await findServer(pgid, opts.port);
    const serverPid = found?.pid ?? null;
    say(
      `signed in and registered ${engine.name}; server process ${found ? `${found.pid} (${found.comm})` : 'not found'}`,
    );

    const ctx = { opts, engine, wharfHost, server, cli, rawTarget, run, pgid, serverPid, enginePort };
    const phases = {};
    if (opts.phases.has('throughput')) phases.throughput = await throughputPhase(ctx);
    checkStop();
    if (opts.phases.has('live')) phases.live = await livePhase(ctx);
    checkStop();
    if (opts.phases.has('soak')) phases.soak = await soakPhase(ctx);

    const result = {
      bench: 'logs',
      startedAt: started.toISOString(),
      seconds: round((performance.now() - t0) / 1000),
      node: process.version,
      machine: {
        cpus: os.cpus().length,
        loadAvgAtStart: loadAtStart,
        loadAvgAtEnd: os.loadavg().map((x) => round(x, 2)),
      },
      wharf: { app: opts.app, git: gitDescribe(opts.app), build },
      host: engine.name,
      wharfVia: describeTarget(engine.direct),
      rawVia: cli.describe,
      server: { pid: serverPid, comm: found?.comm ?? null },
      targets: { ...TARGETS, flatMbPerMin: opts.flatMbPerMin },
      flatMbPerMin: opts.flatMbPerMin,
      phases,
    };
    console.log(report(result));
    await writeResult(resultsDir, 'logs', started, result);
    return 0;
  } finally {
    await cleanup();
  }
}

runBench('logs', main, () => interrupted, { stack: true });

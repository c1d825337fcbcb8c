// Event-loop delay and memory of the process it is loaded into, for the soak benchmark. Loaded into the
// Wharf server with `NODE_OPTIONS=--require <this file>`; it does nothing unless BENCH_EVENT_LOOP_FILE
// names a file. Then, every BENCH_EVENT_LOOP_INTERVAL_MS (default 5000), it appends one JSON line:
//
//   { pid, at, from, delay: { p50, p90, p99, max, mean, count }, elu, cpu: { userMs, systemMs },
//     gc: { count, ms, maxMs, major: { count, ms, maxMs } },
//     memory: { rssMb, heapUsedMb, heapTotalMb, externalMb, arrayBuffersMb }, window }
//
// `delay` is the histogram of `perf_hooks.monitorEventLoopDelay` over the interval (then reset), in ms,
// with the timer's own resolution taken out: the histogram records the time between two ticks of a
// timer of that resolution, so an idle loop reads about the resolution, not 0. `elu` is the event-loop
// utilization of the interval (0..1), `cpu` the process's CPU time in it (all threads: GC helpers and
// libuv's pool too), `gc` the garbage-collection pauses seen in it (`major`: mark-compact).
//
// The measured window: once `<file>.window` holds `{"from": <epoch ms>, "to": <epoch ms>}` (read at each
// interval until found), a second delay histogram records from `from` to `to` only, and each line carries
// its figures so far as `window`: the first line written after `to` holds the exact percentiles of the
// whole window, not a percentile of the intervals' percentiles.
//
// Every process that inherits NODE_OPTIONS loads this file (npm's `npx` too), so each line names its pid.
'use strict';

const fs = require('node:fs');
const { constants, monitorEventLoopDelay, PerformanceObserver, performance } = require('node:perf_hooks');

const file = process.env.BENCH_EVENT_LOOP_FILE;
if (file) start(file);

function start(out) {
  const resolutionMs = positive(process.env.BENCH_EVENT_LOOP_RESOLUTION_MS, 10);
  const everyMs = positive(process.env.BENCH_EVENT_LOOP_INTERVAL_MS, 5000);
  const windowFile = `${out}.window`;
  const interval = monitorEventLoopDelay({ resolution: resolutionMs });
  interval.enable();
  const measured = monitorEventLoopDelay({ resolution: resolutionMs });
  let windowSpec = null;
  const openWindow = (spec) => {
    windowSpec = { ...spec, started: null, ended: null };
    const begin = () => {
      measured.enable();
      windowSpec.started = Date.now();
    };
    const end = () => {
      measured.disable();
      windowSpec.ended = Date.now();
    };
    const now = Date.now();
    if (spec.to <= now) return;
    setTimeout(begin, Math.max(0, spec.from - now)).unref();
    setTimeout(end, spec.to - now).unref();
  };

  const gcZero = () => ({ count: 0, ms: 0, maxMs: 0 });
  let gc = { ...gcZero(), major: gcZero() };
  const add = (g, ms) => {
    g.count++;
    g.ms += ms;
    g.maxMs = Math.max(g.maxMs, ms);
  };
  try {
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        add(gc, entry.duration);
        if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) add(gc.major, entry.duration);
      }
    });
    observer.observe({ entryTypes: ['gc'] });
  } catch {
    // no gc entries on this runtime
  }

  const ms = (ns) => Math.max(0, ns / 1e6 - resolutionMs);
  const round = (x) => Math.round(x * 100) / 100;
  const figures = (h) =>
    h.count === 0
      ? null
      : {
          p50: round(ms(h.percentile(50))),
          p90: round(ms(h.percentile(90))),
          p99: round(ms(h.percentile(99))),
          max: round(ms(h.max)),
          mean: round(ms(h.mean)),
          count: h.count,
        };
  const mb = (bytes) => round(bytes / 1048576);

  let from = Date.now();
  let elu = performance.eventLoopUtilization();
  let cpu = process.cpuUsage();
  const timer = setInterval(() => {
    const at = Date.now();
    if (!windowSpec) {
      const spec = readWindow(windowFile);
      if (spec) openWindow(spec);
    }
    const nextElu = performance.eventLoopUtilization();
    const m = process.memoryUsage();
    const cpuNow = process.cpuUsage();
    const line = {
      pid: process.pid,
      at,
      from,
      resolutionMs,
      delay: figures(interval),
      elu: round(performance.eventLoopUtilization(nextElu, elu).utilization),
      cpu: {
        userMs: round((cpuNow.user - cpu.user) / 1000),
        systemMs: round((cpuNow.system - cpu.system) / 1000),
      },
      gc: {
        count: gc.count,
        ms: round(gc.ms),
        maxMs: round(gc.maxMs),
        major: { count: gc.major.count, ms: round(gc.major.ms), maxMs: round(gc.major.maxMs) },
      },
      memory: {
        rssMb: mb(m.rss),
        heapUsedMb: mb(m.heapUsed),
        heapTotalMb: mb(m.heapTotal),
        externalMb: mb(m.external),
        arrayBuffersMb: mb(m.arrayBuffers),
      },
      window: windowSpec ? { ...windowSpec, delay: figures(measured) } : null,
    };
    interval.reset();
    elu = nextElu;
    cpu = cpuNow;
    gc = { ...gcZero(), major: gcZero() };
    from = at;
    try {
      fs.appendFileSync(out, `${JSON.stringify(line)}\n`);
    } catch {
      // the bench went away; keep the server running
    }
  }, everyMs);
  timer.unref();
}

function readWindow(windowFile) {
  try {
    const spec = JSON.parse(fs.readFileSync(windowFile, 'utf8'));
    return Number.isFinite(spec.from) && Number.isFinite(spec.to) ? { from: spec.from, to: spec.to } : null;
  } catch {
    return null;
  }
}

function positive(text, fallback) {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

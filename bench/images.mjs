// npm run bench -- images [options]
//
// Times Wharf's fleet image view (GET /api/v1/images) and a registry tag list
// (GET /api/v1/registries/{reg}/repositories/{repo}/tags) against the floor measured in the same run:
// the raw Engine API GET /images/json of each host, the raw registry calls the view needs (a HEAD of
// every tag the fleet shows that the registry serves) and the raw registry tag list. The fixtures are
// N images on every engine (pulled from the fleet registry, so they carry repo digests) and a repository
// with M tags; they stay between runs (`--clean` removes them). A counting proxy in front of each
// engine counts the Engine API calls, the registry's access log the registry calls. It prints; it does
// not fail on targets.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pool, readFleet, waitForEngines } from './lib/fleet.mjs';
import { closeTarget, describeTarget, makeTarget, sendJson } from './lib/http.mjs';
import {
  ensureHostImages,
  FLEET_REPO,
  fixtureLayer,
  fleetImageSet,
  MANY_TAGS_REPO,
  manyTagsSet,
  removeHostImages,
  seedRepository,
  unseedRepository,
} from './lib/image-fixtures.mjs';
import { countCalls, startProxies } from './lib/proxies.mjs';
import {
  closeRegistry,
  getJson,
  headManifest,
  headManifestFetch,
  listTags,
  MANIFEST_ACCEPT,
  openAccessLog,
  openRegistry,
} from './lib/registry.mjs';
import { runBench, writeResult } from './lib/results.mjs';
import { fmt, median, round, summarize, table } from './lib/stats.mjs';
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
 * Wharf's caches on these paths: image lists 15 s, container lists 2 s, registry tag digests 10 s. A cold
 * call comes at least this long after the last call that filled them. (Manifest facts are keyed by
 * digest and kept for good: only the first detailed tag list after start reads them from the registry.)
 */
const CACHE_TTL_MS = { images: 15_000, containers: 2000, registryDigests: 10_000 };
const COLD_GAP_MS = 15_100;
const TARGET_VIEW = 1.5;
const TARGET_TAGS = 1.3;
const RAW_UA = 'wharf-bench-raw';
/** The user agent of Wharf's registry client, to pick its requests out of the registry's access log. */
const WHARF_REGISTRY_UA = 'wharf';
/** A Wharf read that touches neither Docker nor a registry: the cost of any API call. */
const API_FLOOR_PATH = '/api/v1/me';
const IMAGES_PATH = '/images/json';
const BENCH_NAMESPACE = FLEET_REPO.split('/')[0];
const CONTAINERS_PATH = '/containers/json?all=1';
const REGISTRY_NAME = 'fleet-registry';
const MAX_DISTURBED_ROUNDS = 15;

const HELP = `usage: npm run bench -- images [options]

  --iterations N       measured rounds (default 10; each waits ${COLD_GAP_MS / 1000} s for Wharf's caches to expire)
  --warmup N           unmeasured warm-up rounds (default 2)
  --images N           fixture images per engine (default 150)
  --tags N             tags in the ${MANY_TAGS_REPO} repository (default 500)
  --registry-parallel N
                       registry requests in flight in the raw floor (default 8, as Wharf's digest lookups)
  --page-size N        n of the raw paginated tag list (default 100)
  --raw-details-rounds N
                       rounds that also time the raw reads of every manifest and config of the
                       repository (default 3; a thousand requests each)
  --phases LIST        proxied,direct (default both): "proxied" registers the hosts through the counting
                       proxies (calls counted); "direct" registers them as production does (mutual TLS /
                       unix socket) and compares with raw calls over the same transport
  --port N             port for \`next start\` (default 3211)
  --app DIR            the Wharf checkout to build and start (default: this repository)
  --build              always run \`next build\` first; --no-build never builds (default: when stale)
  --raw-only           seed the fixtures and time the raw calls only (no Wharf)
  --seed-only          make sure the fixtures are in place, then stop
  --clean              remove the fixtures (the images from every engine, the fixture manifests from the
                       registry), then stop
  --parallel N         parallel requests while seeding (default 8)
  --profile DIR        write CPU profiles of the Wharf server (node --cpu-prof) into DIR
  -h, --help           this text

Writes bench/results/images-<timestamp>.json.`;

function options() {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      images: { type: 'string', default: '150' },
      tags: { type: 'string', default: '500' },
      'registry-parallel': { type: 'string', default: '8' },
      'page-size': { type: 'string', default: '100' },
      'raw-details-rounds': { type: 'string', default: '3' },
      phases: { type: 'string', default: 'proxied,direct' },
      port: { type: 'string', default: '3211' },
      app: { type: 'string', default: repoRoot },
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      'raw-only': { type: 'boolean', default: false },
      'seed-only': { type: 'boolean', default: false },
      clean: { type: 'boolean', default: false },
      parallel: { type: 'string', default: '8' },
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
    images: int('images', 1, 1000),
    tags: int('tags', 2, 5000),
    registryParallel: int('registry-parallel', 1, 64),
    pageSize: int('page-size', 1),
    rawDetailsRounds: int('raw-details-rounds', 0),
    port: int('port', 1),
    phases,
    app: path.resolve(values.app),
    build: values['no-build'] ? 'never' : values.build ? 'always' : 'auto',
    rawOnly: values['raw-only'],
    seedOnly: values['seed-only'],
    clean: values.clean,
    parallel: int('parallel', 1, 64),
    profile: values.profile ? path.resolve(values.profile) : null,
  };
}

const t0 = performance.now();
let interrupted = false;
function say(message) {
  const s = ((performance.now() - t0) / 1000).toFixed(1).padStart(6);
  console.log(`[bench ${s}s] ${message}`);
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

// ------------------------------------------------------------------------------------------ raw calls

/** One raw Engine API list, timed to the parsed body. */
async function rawList(target, pathname) {
  const res = await sendJson(target, { path: pathname, headers: { 'user-agent': RAW_UA } });
  if (!Array.isArray(res.data))
    throw new Error(`${describeTarget(target)}: ${pathname} did not answer a list`);
  return { ms: res.ms, data: res.data };
}

/** The distinct `repository:tag` on the hosts that the registry serves, as `{ repo, tag }`. */
function registryTagsSeen(lists, registryHost) {
  const seen = new Map();
  const prefix = `${registryHost}/`;
  for (const images of lists) {
    for (const image of images) {
      for (const ref of image.RepoTags ?? []) {
        if (!ref.startsWith(prefix)) continue;
        const rest = ref.slice(prefix.length);
        const colon = rest.lastIndexOf(':');
        if (colon <= 0) continue;
        seen.set(rest, { repo: rest.slice(0, colon), tag: rest.slice(colon + 1) });
      }
    }
  }
  return [...seen.values()];
}

/**
 * The registry's current digest of every tag, `parallel` requests in flight, as a client would ask
 * (`fresh`: each on a new connection, as a client that cannot keep a connection after a HEAD does).
 */
async function rawDigests(reg, tags, parallel, { fresh = false, viaFetch = false } = {}) {
  const started = performance.now();
  const answers = await pool(tags, parallel, (t) =>
    viaFetch
      ? headManifestFetch(reg, t.repo, t.tag, { userAgent: RAW_UA })
      : headManifest(reg, t.repo, t.tag, { userAgent: RAW_UA, fresh }),
  );
  return {
    ms: performance.now() - started,
    requests: tags.length,
    found: answers.filter((a) => a.digest).length,
  };
}

/**
 * The floor of a detailed tag list: the tag list, then each tag's manifest and each distinct config
 * blob, `parallel` requests in flight.
 */
async function rawTagDetails(reg, repo, parallel) {
  const started = performance.now();
  const { tags } = await listTags(reg, repo, { userAgent: RAW_UA });
  const manifests = await pool(tags, parallel, (tag) =>
    getJson(reg, `/v2/${repo}/manifests/${tag}`, { accept: MANIFEST_ACCEPT, userAgent: RAW_UA }),
  );
  const configs = [...new Set(manifests.map((m) => m.data.config?.digest).filter(Boolean))];
  await pool(configs, parallel, (digest) =>
    getJson(reg, `/v2/${repo}/blobs/${digest}`, { accept: '*/*', userAgent: RAW_UA }),
  );
  return { ms: performance.now() - started, requests: 1 + tags.length + configs.length };
}

// ------------------------------------------------------------------------------------------ Wharf calls

const tagsPath = (details, cursor) =>
  `/api/v1/registries/${REGISTRY_NAME}/repositories/${MANY_TAGS_REPO}/tags?details=${details}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;

/** Wharf's tag list, every page as the browser would follow them; answers the summed time. */
async function wharfTags(server, details) {
  let cursor = null;
  let ms = 0;
  let pages = 0;
  const items = [];
  const first = { t0: null, t1: null };
  do {
    const res = await api(server, tagsPath(details, cursor));
    first.t0 ??= res.t0;
    first.t1 = res.t1;
    ms += res.ms;
    pages++;
    // details=false answers the names (`tags`), details=true the described tags (`items`).
    items.push(...(res.data?.items ?? res.data?.tags ?? []));
    cursor = res.data?.nextCursor ?? null;
  } while (cursor && pages < 100);
  const errors = items.filter((i) => i && typeof i === 'object' && i.error).map((i) => i.error);
  return { ms, pages, items, errors, t0: first.t0, t1: first.t1 };
}

/** What the fleet view says about the fixtures; problems that make a round not count are in `problems`. */
function checkView(data, names, set, registryHost) {
  const problems = [];
  if (!data || !Array.isArray(data.items)) return { problems: ['GET /api/v1/images did not answer a list'] };
  for (const n of names) {
    const h = data.hosts?.find((x) => x.host?.name === n);
    if (!h) problems.push(`${n}: missing from the view`);
    else if (!h.ok) problems.push(`${n}: ${h.error?.message ?? 'not ok'}`);
  }
  const repository = `${registryHost}/${FLEET_REPO}`;
  const byTag = new Map(data.items.filter((i) => i.repository === repository).map((i) => [i.tag, i]));
  let onAllHosts = 0;
  let registryMatches = 0;
  let hostDigestMatches = 0;
  let drifting = 0;
  for (const e of set) {
    const item = byTag.get(e.tag);
    if (!item) continue;
    if (names.every((n) => item.hosts.some((h) => h.host.name === n && h.imageId === e.configDigest)))
      onAllHosts++;
    if (item.registryDigest === e.digest) registryMatches++;
    if (item.hosts.every((h) => h.digest === e.digest)) hostDigestMatches++;
    if (item.drift?.length) drifting++;
  }
  if (byTag.size < set.length)
    problems.push(`${set.length - byTag.size} fixture images missing from the view`);
  return {
    problems,
    items: data.items.length,
    fixtures: byTag.size,
    onAllHosts,
    registryMatches,
    hostDigestMatches,
    drifting,
    registries: data.registries ?? [],
  };
}

// ------------------------------------------------------------------------------------------ a phase

const isInspect = (e) => e.method === 'GET' && /^\/images\/.+\/json$/.test(e.path) && e.path !== IMAGES_PATH;
const isHistory = (e) => e.method === 'GET' && /^\/images\/.+\/history$/.test(e.path);

async function runPhase(ctx) {
  const { phase, opts, engines, server, proxies, reg, accessLog, set, manySet, registered } = ctx;
  const counted = phase === 'proxied';
  await waitForEngines(engines);
  const hosts = ctx.wharf
    ? await registerHosts(server, engines, { proxyPorts: counted ? proxies.ports : null, label: phase })
    : [];
  if (hosts.length) say(`${phase}: registered ${hosts.map((h) => `${h.name}=${h.url}`).join(', ')}`);
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
      rawImages: perHost(),
      rawImagesDirect: perHost(),
      rawContainers: perHost(),
      rawListsFanout: [],
      rawDigests: [],
      rawDigestsFresh: [],
      rawDigestsFetch: [],
      rawFleetSequence: [],
      rawTags: [],
      rawTagsPaged: [],
      rawTagDigests: [],
      rawTagDetails: [],
      viewCold: [],
      viewWarm: [],
      apiFloor: [],
      tagsCold: [],
      tagsWarm: [],
      detailsCold: [],
      detailsWarm: [],
    },
    windows: { viewCold: [], viewWarm: [], tagsCold: [], tagsWarm: [], detailsCold: [], detailsWarm: [] },
    checks: [],
    notes: {
      digestRequests: [],
      tagsSeen: [],
      rawTagCount: [],
      rawTagPages: [],
      wharfTagPages: [],
      detailErrors: [],
    },
    problems: [],
  });
  const total = emptyRecord();
  const disturbances = [];
  const background = { engine: [], registry: [] };
  const ownCalls = (entries) => entries.filter((e) => e.client !== RAW_UA);
  // Wharf's requests for the bench's repositories, by its user agent. (Another Wharf on the machine that
  // shows the same fleet at the same time would be counted too: the minimum over rounds is the clean one.)
  const takeRegistry = async () => {
    if (!accessLog) return [];
    const seen = await accessLog.take();
    return seen.filter(
      (e) => e.userAgent === WHARF_REGISTRY_UA && e.uri.startsWith(`/v2/${BENCH_NAMESPACE}/`),
    );
  };
  const drainBackground = async () => {
    if (counted) background.engine.push(...ownCalls(await proxies.take()));
    background.registry.push(...(await takeRegistry()));
  };

  /**
   * Runs Wharf calls as one window: the Engine API calls (proxied phase) and registry requests they
   * caused go with it. Every call may fill Wharf's caches, so the cold clock restarts after it.
   */
  async function inWindow(fn) {
    await drainBackground();
    const res = await fn();
    clock.touch();
    const calls = counted ? ownCalls(await proxies.take()) : [];
    return { res, calls, registryCalls: await takeRegistry() };
  }

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
      await ctx.reseed();
      await sleep(COLD_GAP_MS);
    }
  }

  /** One Wharf call; the Engine API and registry calls it caused go with its window. */
  async function measured(rec, kind, fn) {
    const { res, calls, registryCalls } = await inWindow(fn);
    if (kind) rec.windows[kind].push({ ms: res.ms, t0: res.t0, t1: res.t1, calls, registryCalls });
    return Object.assign(res, { registryCalls });
  }
  const view = async (rec, kind) => {
    const res = await measured(rec, kind, () => api(server, '/api/v1/images'));
    const check = checkView(res.data, names, set, reg.host);
    if (check.problems.length) rec.problems.push(`fleet view: ${check.problems.join('; ')}`);
    if (kind) rec.checks.push({ kind, ...check, problems: undefined });
    return res;
  };
  const tags = async (rec, kind, details) => {
    const res = await measured(rec, kind, () => wharfTags(server, details));
    if (res.items.length !== manySet.length)
      rec.problems.push(
        `tag list (details=${details}): ${res.items.length} tags, expected ${manySet.length}`,
      );
    if (kind) rec.notes.wharfTagPages.push(res.pages);
    if (kind && details)
      rec.notes.detailErrors.push({ kind, errors: res.errors.length, first: res.errors[0] ?? null });
    return res;
  };

  /** The raw floor of one round: engine lists, the registry digests the view needs, the tag lists. */
  async function rawBlock(rec, round) {
    const s = rec.samples;
    const lists = [];
    for (const n of names) {
      const r = await rawList(floorTarget[n], IMAGES_PATH);
      s.rawImages[n].push(r.ms);
      lists.push(r.data);
      if (counted) s.rawImagesDirect[n].push((await rawList(direct[n], IMAGES_PATH)).ms);
      s.rawContainers[n].push((await rawList(floorTarget[n], CONTAINERS_PATH)).ms);
    }
    const seen = registryTagsSeen(lists, reg.host);
    rec.notes.tagsSeen.push(seen.length);
    const d = await rawDigests(reg, seen, opts.registryParallel);
    s.rawDigests.push(d.ms);
    rec.notes.digestRequests.push(d.requests);
    s.rawDigestsFresh.push((await rawDigests(reg, seen, opts.registryParallel, { fresh: true })).ms);
    s.rawDigestsFetch.push((await rawDigests(reg, seen, opts.registryParallel, { viaFetch: true })).ms);
    // Everything the view needs, as fast as a client could: every host's lists at once, then the digests.
    const seqStart = performance.now();
    const fan = await Promise.all(
      names.map((n) =>
        Promise.all([rawList(floorTarget[n], IMAGES_PATH), rawList(floorTarget[n], CONTAINERS_PATH)]),
      ),
    );
    s.rawListsFanout.push(performance.now() - seqStart);
    await rawDigests(
      reg,
      registryTagsSeen(
        fan.map(([images]) => images.data),
        reg.host,
      ),
      opts.registryParallel,
    );
    s.rawFleetSequence.push(performance.now() - seqStart);
    const all = await listTags(reg, MANY_TAGS_REPO, { userAgent: RAW_UA });
    s.rawTags.push(all.ms);
    rec.notes.rawTagCount.push(all.tags.length);
    const paged = await listTags(reg, MANY_TAGS_REPO, { n: opts.pageSize, userAgent: RAW_UA });
    s.rawTagsPaged.push(paged.ms);
    rec.notes.rawTagPages.push(paged.pages);
    if (all.tags.length !== manySet.length || paged.tags.length !== manySet.length)
      rec.problems.push(
        `raw tag list: ${all.tags.length}/${paged.tags.length} tags, expected ${manySet.length}`,
      );
    // What a detailed tag list asks once manifests and configs are cached by digest: the list and each
    // tag's current digest; and, in the first rounds only (a thousand requests), the manifests and configs too.
    const listed = await listTags(reg, MANY_TAGS_REPO, { userAgent: RAW_UA });
    const digested = await rawDigests(
      reg,
      listed.tags.map((tag) => ({ repo: MANY_TAGS_REPO, tag })),
      opts.registryParallel,
    );
    s.rawTagDigests.push(listed.ms + digested.ms);
    if (round < opts.rawDetailsRounds)
      s.rawTagDetails.push((await rawTagDetails(reg, MANY_TAGS_REPO, opts.registryParallel)).ms);
  }

  say(`${phase}: warm-up (${opts.warmup} rounds)`);
  for (let i = 0; i < opts.warmup; i++) {
    await runRound(`warm-up ${i + 1}`, async (rec) => {
      await rawBlock(emptyRecord(), Number.POSITIVE_INFINITY);
      if (!ctx.wharf) return;
      await view(rec, null);
      if (registered) {
        await tags(rec, null, false);
        // The first detailed list after start reads every manifest and config; later ones have them cached.
        const first = await tags(rec, null, true);
        ctx.onFirstDetails({
          phase,
          ms: round(first.ms),
          registry: registryCounts(first.registryCalls),
          connections: new Set(first.registryCalls.map((c) => c.port)).size,
          errors: first.errors.length,
          firstError: first.errors[0] ?? null,
        });
      }
    });
  }

  say(
    `${phase}: ${opts.iterations} rounds: raw floor, then Wharf cold (>= ${COLD_GAP_MS} ms after its caches were filled) and warm right after`,
  );
  for (let i = 0; i < opts.iterations; i++) {
    await runRound(`round ${i + 1}`, async (rec) => {
      const s = rec.samples;
      await rawBlock(rec, i);
      if (!ctx.wharf) return;
      await clock.waitCold();
      s.viewCold.push((await view(rec, 'viewCold')).ms);
      s.viewWarm.push((await view(rec, 'viewWarm')).ms);
      s.apiFloor.push((await api(server, API_FLOOR_PATH)).ms);
      if (registered) {
        s.tagsCold.push((await tags(rec, 'tagsCold', false)).ms);
        s.tagsWarm.push((await tags(rec, 'tagsWarm', false)).ms);
        s.detailsCold.push((await tags(rec, 'detailsCold', true)).ms);
        s.detailsWarm.push((await tags(rec, 'detailsWarm', true)).ms);
      }
    });
    if ((i + 1) % 5 === 0) say(`${phase}: round ${i + 1}/${opts.iterations}`);
  }

  // A page load as a person makes it: the images page and its API read, cold.
  const pageLoad = { pages: [], calls: [], registryCalls: [] };
  const burst = { concurrent: 5, ms: [], calls: [], registryCalls: [] };
  if (ctx.wharf) {
    await runRound('page load', async (rec) => {
      pageLoad.pages = [];
      await clock.waitCold();
      const load = async (p) => {
        const res = await page(server, p);
        pageLoad.pages.push({ path: p, status: res.status, ms: round(res.ms) });
      };
      const w = await inWindow(() => Promise.all([load('/images'), api(server, '/api/v1/images')]));
      const check = checkView(w.res[1].data, names, set, reg.host);
      if (check.problems.length) rec.problems.push(`fleet view: ${check.problems.join('; ')}`);
      pageLoad.calls = w.calls;
      pageLoad.registryCalls = w.registryCalls;
    });
    // Several tabs refreshing at once share the engine lists and the registry lookups in flight.
    await runRound('burst', async (rec) => {
      await clock.waitCold();
      const w = await inWindow(() =>
        Promise.all(Array.from({ length: burst.concurrent }, () => api(server, '/api/v1/images'))),
      );
      for (const a of w.res) {
        const check = checkView(a.data, names, set, reg.host);
        if (check.problems.length) rec.problems.push(`fleet view: ${check.problems.join('; ')}`);
      }
      burst.ms = w.res.map((a) => round(a.ms));
      burst.calls = w.calls;
      burst.registryCalls = w.registryCalls;
    });
  }

  if (hosts.length) await removeHosts(server, hosts);
  for (const t of [...Object.values(direct), ...Object.values(viaProxy)]) closeTarget(t);
  return { phase, counted, hosts, ...total, disturbances, background, pageLoad, burst };
}

// ------------------------------------------------------------------------------------------ analysis

function registryCounts(calls) {
  const counts = {};
  for (const c of calls) counts[c.kind] = (counts[c.kind] ?? 0) + 1;
  return counts;
}

function windowCalls(windows, names) {
  const per = (fn) =>
    Object.fromEntries(
      names.map((n) => [n, windows.map((w) => w.calls.filter((e) => e.host === n && fn(e)).length)]),
    );
  const range = (xs) => (xs.length ? { min: Math.min(...xs), max: Math.max(...xs) } : { min: 0, max: 0 });
  const byHost = (fn) => Object.fromEntries(Object.entries(per(fn)).map(([n, xs]) => [n, range(xs)]));
  const keys = {};
  for (const w of windows) {
    const counts = countCalls(w.calls);
    for (const [h, byKey] of Object.entries(counts))
      for (const [k, v] of Object.entries(byKey)) {
        keys[k] ??= {};
        keys[k][h] = [...(keys[k][h] ?? []), v];
      }
  }
  const registry = windows.map((w) => registryCounts(w.registryCalls));
  const registryKinds = [...new Set(registry.flatMap((c) => Object.keys(c)))].sort();
  return {
    windows: windows.length,
    imageLists: byHost((e) => e.method === 'GET' && e.path === IMAGES_PATH),
    containerLists: byHost((e) => e.method === 'GET' && e.path === '/containers/json'),
    inspects: byHost(isInspect),
    histories: byHost(isHistory),
    byPath: Object.fromEntries(
      Object.entries(keys).map(([k, hostsOf]) => [
        k,
        Object.fromEntries(
          names.map((n) => {
            const xs = hostsOf[n] ?? [];
            const zeros = windows.length - xs.length;
            return [n, range([...xs, ...Array(zeros).fill(0)])];
          }),
        ),
      ]),
    ),
    registry: Object.fromEntries(registryKinds.map((k) => [k, range(registry.map((c) => c[k] ?? 0))])),
    registryRequests: range(windows.map((w) => w.registryCalls.length)),
    /** Distinct client ports: one per connection, so equal to the requests when none is reused. */
    registryConnections: range(windows.map((w) => new Set(w.registryCalls.map((c) => c.port)).size)),
  };
}

function analysePhase(r, names) {
  const s = r.samples;
  const raw = Object.fromEntries(names.map((n) => [n, summarize(s.rawImages[n])]));
  const slowest = names.reduce((a, b) => (raw[a].median >= raw[b].median ? a : b));
  const slowestMs = raw[slowest].median;
  const digests = summarize(s.rawDigests);
  const viewFloor = slowestMs + digests.median;
  const tagsFloor = summarize(s.rawTagsPaged);
  const out = {
    phase: r.phase,
    floorTransport: r.counted ? 'via proxy' : 'direct',
    hosts: r.hosts,
    raw,
    rawDirect: r.counted
      ? Object.fromEntries(names.map((n) => [n, summarize(s.rawImagesDirect[n])]))
      : undefined,
    rawContainers: Object.fromEntries(names.map((n) => [n, summarize(s.rawContainers[n])])),
    rawListsFanout: summarize(s.rawListsFanout),
    rawDigests: digests,
    rawDigestsFresh: summarize(s.rawDigestsFresh),
    rawDigestsFetch: summarize(s.rawDigestsFetch),
    rawFleetSequence: summarize(s.rawFleetSequence),
    rawTags: summarize(s.rawTags),
    rawTagsPaged: tagsFloor,
    rawTagDigests: summarize(s.rawTagDigests),
    rawTagDetails: summarize(s.rawTagDetails),
    slowestHost: slowest,
    notes: {
      registryTagsSeen: median(r.notes.tagsSeen),
      rawTagCount: median(r.notes.rawTagCount),
      rawTagPages: median(r.notes.rawTagPages),
      wharfTagPages: median(r.notes.wharfTagPages),
      detailErrors: r.notes.detailErrors,
    },
    disturbances: r.disturbances,
  };
  if (s.viewCold.length) {
    const cold = summarize(s.viewCold);
    const warm = summarize(s.viewWarm);
    out.view = {
      cold,
      warm,
      floorMs: round(viewFloor),
      budgetMs: round(TARGET_VIEW * viewFloor),
      ratioCold: round(cold.median / viewFloor, 2),
      ratioWarm: round(warm.median / viewFloor, 2),
      metCold: cold.median <= TARGET_VIEW * viewFloor,
      metWarm: warm.median <= TARGET_VIEW * viewFloor,
      ratioColdVsSequence: round(cold.median / median(s.rawFleetSequence), 2),
      check: r.checks.find((c) => c.kind === 'viewCold') ?? null,
    };
  }
  if (s.tagsCold.length) {
    const ratio = (st) => round(st.median / tagsFloor.median, 2);
    const cold = summarize(s.tagsCold);
    const warm = summarize(s.tagsWarm);
    const apiFloor = summarize(s.apiFloor);
    out.tags = {
      cold,
      warm,
      apiFloor,
      ratioColdVsRawPlusApi: round(cold.median / (tagsFloor.median + apiFloor.median), 2),
      floorMs: tagsFloor.median,
      ratioCold: ratio(cold),
      ratioWarm: ratio(warm),
      ratioColdVsUnpaged: round(cold.median / median(s.rawTags), 2),
      metCold: cold.median <= TARGET_TAGS * tagsFloor.median,
      metWarm: warm.median <= TARGET_TAGS * tagsFloor.median,
    };
    const dCold = summarize(s.detailsCold);
    const dWarm = summarize(s.detailsWarm);
    out.details = {
      cold: dCold,
      warm: dWarm,
      ratioColdVsRawDigests: round(dCold.median / median(s.rawTagDigests), 2),
      tagsWithErrors: Math.max(0, ...r.notes.detailErrors.map((e) => e.errors)),
      firstError: r.notes.detailErrors.find((e) => e.first)?.first ?? null,
    };
  }
  const w = r.windows;
  if (w.viewCold.length) {
    out.calls = {
      viewCold: windowCalls(w.viewCold, names),
      viewWarm: windowCalls(w.viewWarm, names),
      tagsCold: windowCalls(w.tagsCold, names),
      detailsCold: windowCalls(w.detailsCold, names),
      detailsWarm: windowCalls(w.detailsWarm, names),
      pageLoad: {
        pages: r.pageLoad.pages,
        ...windowCalls([{ calls: r.pageLoad.calls, registryCalls: r.pageLoad.registryCalls }], names),
      },
      burst: {
        concurrent: r.burst.concurrent,
        ms: r.burst.ms,
        ...windowCalls([{ calls: r.burst.calls, registryCalls: r.burst.registryCalls }], names),
      },
      background: {
        engine: countCalls(r.background.engine),
        registry: registryCounts(r.background.registry),
      },
    };
    // Where a cold view's time goes: the slowest engine call, and the registry lookups after it.
    const timeline = w.viewCold
      .filter((x) => x.calls.length)
      .map((x) => {
        const first = Math.min(...x.calls.map((e) => e.t0));
        const lastEngine = Math.max(...x.calls.map((e) => e.t1 ?? e.t0));
        return { beforeEngine: first - x.t0, engine: lastEngine - first, afterEngine: x.t1 - lastEngine };
      });
    out.calls.timelineViewCold = {
      beforeFirstEngineCall: summarize(timeline.map((t) => t.beforeEngine)),
      engineSpan: summarize(timeline.map((t) => t.engine)),
      afterLastEngineCall: summarize(timeline.map((t) => t.afterEngine)),
    };
  }
  return out;
}

// ------------------------------------------------------------------------------------------ report

const mark = (ok) => (ok ? 'MET' : 'MISSED');
const row = (label, st, extra = '') => [
  label,
  fmt(st.median),
  fmt(st.p90),
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
    `Wharf images bench: ${names.length} hosts x ${setup.images} fixture images (${setup.hostImages.map((h) => `${h.host} ${h.total} images in all`).join(', ')}); registry repository ${MANY_TAGS_REPO} with ${setup.tags} tags`,
  );
  lines.push(
    `machine: ${machine.cpus} CPUs, load average ${machine.loadAvgAtStart[0]} at start, ${machine.loadAvgAtEnd[0]} at end (other work on the machine skews the figures)`,
  );
  lines.push(
    `${result.iterations} rounds after ${result.warmup} warm-up rounds; cold = Wharf's caches expired (>= ${COLD_GAP_MS} ms since filled: images ${CACHE_TTL_MS.images} ms, containers ${CACHE_TTL_MS.containers} ms, registry digests ${CACHE_TTL_MS.registryDigests} ms), warm = right after. Times in ms.`,
  );
  if (result.wharfSkipped) lines.push(`Wharf not measured: ${result.wharfSkipped}`);
  for (const p of result.phases) {
    lines.push('');
    lines.push(
      p.phase === 'proxied'
        ? '== Phase "proxied": Wharf reaches each engine through a counting proxy (tcp://127.0.0.1:<port> -> unix socket); engine floor = raw call through the same proxy'
        : '== Phase "direct": Wharf reaches each engine as in production (mutual TLS / unix socket); engine floor = raw call over the same transport',
    );
    const rows = [];
    for (const n of names)
      rows.push(row(`raw GET ${IMAGES_PATH}  ${n}`, p.raw[n], n === p.slowestHost ? 'slowest host' : ''));
    if (p.rawDirect)
      for (const n of names) rows.push(row(`raw direct (no proxy)  ${n}`, p.rawDirect[n], 'reference'));
    for (const n of names)
      rows.push(row(`raw GET ${CONTAINERS_PATH}  ${n}`, p.rawContainers[n], 'reference'));
    rows.push(
      row(
        `raw registry: HEAD manifest of the ${p.notes.registryTagsSeen} tags the hosts show (${result.registryParallel} in flight)`,
        p.rawDigests,
        'registry floor',
      ),
    );
    rows.push(row('raw registry: the same HEADs, each on a new connection', p.rawDigestsFresh, 'reference'));
    rows.push(
      row("raw registry: the same HEADs through Node's fetch (undici)", p.rawDigestsFetch, 'reference'),
    );
    rows.push(row('raw fan-out: images + containers on all hosts at once', p.rawListsFanout, 'reference'));
    rows.push(
      row('raw fleet sequence: that fan-out, then the registry HEADs', p.rawFleetSequence, 'reference'),
    );
    rows.push(row(`raw registry tag list, no n (${p.notes.rawTagCount} tags)`, p.rawTags, 'reference'));
    rows.push(
      row(
        `raw registry tag list, n=${result.pageSize} following Link (${p.notes.rawTagPages} page(s))`,
        p.rawTagsPaged,
        'tag list floor',
      ),
    );
    rows.push(row('raw tag digests: list + HEAD of every tag', p.rawTagDigests, 'reference'));
    if (p.rawTagDetails.n)
      rows.push(row('raw tag details: list + every manifest + every config', p.rawTagDetails, 'reference'));
    if (p.view) {
      rows.push(row('Wharf GET /api/v1/images  cold', p.view.cold));
      rows.push(row('Wharf GET /api/v1/images  warm', p.view.warm));
    }
    if (p.tags) {
      const pages = p.notes.wharfTagPages > 1 ? ` (${p.notes.wharfTagPages} pages)` : '';
      rows.push(row(`Wharf GET ${API_FLOOR_PATH} (no Docker, no registry)`, p.tags.apiFloor, 'reference'));
      rows.push(row(`Wharf tags?details=false  cold${pages}`, p.tags.cold));
      rows.push(row(`Wharf tags?details=false  warm${pages}`, p.tags.warm));
      rows.push(row(`Wharf tags?details=true  digests cold${pages}`, p.details.cold, 'no target'));
      rows.push(row(`Wharf tags?details=true  warm${pages}`, p.details.warm, 'no target'));
    }
    lines.push(table(['', 'median', 'p90', 'min', 'max', 'n', ''], rows));
    if (p.view) {
      lines.push('');
      const slowMs = p.raw[p.slowestHost].median;
      const targets = [
        [
          'fleet view cold / (slowest host + registry)',
          `${fmt(p.view.ratioCold, 2)}x`,
          `${fmt(p.view.cold.median)} ms vs ${fmt(slowMs)} + ${fmt(p.rawDigests.median)} ms (budget ${fmt(p.view.budgetMs)})`,
          `<= ${TARGET_VIEW}x`,
          mark(p.view.metCold),
        ],
        [
          'fleet view warm / (slowest host + registry)',
          `${fmt(p.view.ratioWarm, 2)}x`,
          `${fmt(p.view.warm.median)} ms vs ${fmt(p.view.floorMs)} ms`,
          `<= ${TARGET_VIEW}x`,
          mark(p.view.metWarm),
        ],
      ];
      if (p.tags) {
        targets.push([
          'tag list cold / raw tag list',
          `${fmt(p.tags.ratioCold, 2)}x`,
          `${fmt(p.tags.cold.median)} ms vs ${fmt(p.tags.floorMs)} ms`,
          `<= ${TARGET_TAGS}x`,
          mark(p.tags.metCold),
        ]);
        targets.push([
          'tag list warm / raw tag list',
          `${fmt(p.tags.ratioWarm, 2)}x`,
          `${fmt(p.tags.warm.median)} ms vs ${fmt(p.tags.floorMs)} ms`,
          `<= ${TARGET_TAGS}x`,
          mark(p.tags.metWarm),
        ]);
        targets.push([
          `tag list cold / (raw tag list + Wharf ${API_FLOOR_PATH})`,
          `${fmt(p.tags.ratioColdVsRawPlusApi, 2)}x`,
          `${fmt(p.tags.cold.median)} ms vs ${fmt(p.tags.floorMs)} + ${fmt(p.tags.apiFloor.median)} ms`,
          'reference',
          '',
        ]);
        targets.push([
          'tag list cold / raw tag list without n',
          `${fmt(p.tags.ratioColdVsUnpaged, 2)}x`,
          `${fmt(p.tags.cold.median)} ms vs ${fmt(p.rawTags.median)} ms`,
          'reference',
          '',
        ]);
        targets.push([
          'details=true digests cold / raw list + HEADs',
          `${fmt(p.details.ratioColdVsRawDigests, 2)}x`,
          `${fmt(p.details.cold.median)} ms vs ${fmt(p.rawTagDigests.median)} ms`,
          'no target',
          '',
        ]);
      }
      const freshFloor = slowMs + p.rawDigestsFresh.median;
      targets.push([
        'fleet view cold / (slowest host + HEADs on new connections)',
        `${fmt(p.view.cold.median / freshFloor, 2)}x`,
        `${fmt(p.view.cold.median)} ms vs ${fmt(slowMs)} + ${fmt(p.rawDigestsFresh.median)} ms`,
        'reference',
        '',
      ]);
      targets.push([
        'fleet view cold / raw fleet sequence',
        `${fmt(p.view.ratioColdVsSequence, 2)}x`,
        `${fmt(p.view.cold.median)} ms vs ${fmt(p.rawFleetSequence.median)} ms`,
        'reference',
        '',
      ]);
      lines.push(table(['target (medians)', 'ratio', 'figures', 'target', ''], targets));
      if (p.details?.tagsWithErrors)
        lines.push(
          `details=true answered up to ${p.details.tagsWithErrors} tags with an error, e.g. "${p.details.firstError}"`,
        );
      const c = p.view.check;
      if (c) {
        lines.push(
          `fleet view content: ${c.items} items; fixtures ${c.fixtures}/${result.setup.images}, on every host with the right image id ${c.onAllHosts}, registry digest = pushed digest ${c.registryMatches}, host repo digests = registry ${c.hostDigestMatches}, with drift ${c.drifting}; registries ${c.registries.map((x) => `${x.name} ${x.ok ? 'ok' : `error: ${x.error}`}`).join(', ') || 'none'}`,
        );
      }
    }
    if (p.calls) {
      const c = p.calls;
      if (p.phase === 'proxied') {
        lines.push('');
        lines.push(
          "Engine API calls seen by the counting proxies (Wharf only; the bench's raw calls excluded):",
        );
        const keys = Object.keys(c.viewCold.byPath).sort();
        lines.push(
          table(
            ['per cold fleet view: calls (min-max over rounds)', ...names],
            keys.map((k) => [k, ...names.map((n) => rangeText(c.viewCold.byPath[k][n]))]),
          ),
        );
        const maxOf = (m) => Math.max(0, ...names.map((n) => m[n].max));
        const fmtHosts = (m) => names.map((n) => `${n} ${rangeText(m[n])}`).join(', ');
        const inspects = ['viewCold', 'viewWarm', 'pageLoad', 'burst'].reduce(
          (a, k) => a + maxOf(c[k].inspects),
          0,
        );
        lines.push(
          `GET /images/{id}/json (inspect) per fleet view: cold ${fmtHosts(c.viewCold.inspects)}; warm max ${maxOf(c.viewWarm.inspects)}; page load ${maxOf(c.pageLoad.inspects)}; burst ${maxOf(c.burst.inspects)}  -> ${inspects === 0 ? 'OK (none)' : 'FAILED (per-image inspect on the list)'}`,
        );
        lines.push(
          `GET /images/{id}/history per fleet view: max ${maxOf(c.viewCold.histories)} cold, ${maxOf(c.pageLoad.histories)} on the page load`,
        );
        lines.push(
          `GET ${IMAGES_PATH} per host per cold fleet view: ${fmtHosts(c.viewCold.imageLists)}  -> ${maxOf(c.viewCold.imageLists) <= 1 ? 'OK (<= 1)' : 'FAILED (> 1)'}; warm: ${fmtHosts(c.viewWarm.imageLists)}`,
        );
        lines.push(
          `GET /containers/json per host per cold fleet view: ${fmtHosts(c.viewCold.containerLists)}`,
        );
        lines.push(
          `burst of ${c.burst.concurrent} concurrent cold fleet views (${c.burst.ms.map((x) => fmt(x)).join(', ')} ms): GET ${IMAGES_PATH} per host ${fmtHosts(c.burst.imageLists)}  -> ${maxOf(c.burst.imageLists) <= 1 ? 'OK (shared in flight)' : 'more than one'}`,
        );
        lines.push(
          `page load (${c.pageLoad.pages.map((x) => `${x.path} ${x.status} ${fmt(x.ms)} ms`).join(', ')} + GET /api/v1/images): GET ${IMAGES_PATH} per host ${fmtHosts(c.pageLoad.imageLists)}, inspect ${maxOf(c.pageLoad.inspects)}`,
        );
        const bg = Object.entries(c.background.engine).flatMap(([h, byKey]) =>
          Object.entries(byKey).map(([k, v]) => `${h} ${k} x${v}`),
        );
        lines.push(
          `engine calls outside measured windows (background): ${bg.length ? bg.join(', ') : 'none'}`,
        );
        const tl = c.timelineViewCold;
        lines.push(
          `timeline of a cold fleet view (medians, ms): request -> first engine call ${fmt(tl.beforeFirstEngineCall.median)}, engine calls span ${fmt(tl.engineSpan.median)}, last engine answer -> response read ${fmt(tl.afterLastEngineCall.median)} (registry lookups, drift, JSON)`,
        );
      }
      const reg = (w) =>
        Object.entries(w.registry)
          .map(([k, v]) => `${k} ${rangeText(v)}`)
          .join(', ') || 'none';
      lines.push(
        `registry requests by Wharf for ${BENCH_NAMESPACE}/* (registry log, user agent "${WHARF_REGISTRY_UA}"; min-max over rounds): cold view ${reg(c.viewCold)}; warm view ${reg(c.viewWarm)}; burst of ${c.burst.concurrent} ${reg(c.burst)}; tags?details=false cold ${reg(c.tagsCold)}; details=true cold ${reg(c.detailsCold)}; details=true warm ${reg(c.detailsWarm)}`,
      );
      const conns = (w) =>
        `${rangeText(w.registryRequests)} requests over ${rangeText(w.registryConnections)} connections`;
      lines.push(
        `registry connections (distinct client ports): cold view ${conns(c.viewCold)}; details=true cold ${conns(c.detailsCold)}`,
      );
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
  const fd = result.firstDetails;
  if (fd) {
    const rawDetails = result.phases.find((p) => p.phase === fd.phase)?.rawTagDetails;
    const calls = Object.entries(fd.registry)
      .map(([k, v]) => `${k} x${v}`)
      .join(', ');
    lines.push('');
    lines.push(
      `first tags?details=true after Wharf started (${fd.phase} warm-up; manifests and configs not cached yet): ${fmt(fd.ms)} ms${rawDetails?.n ? ` vs raw tag details ${fmt(rawDetails.median)} ms (${fmt(fd.ms / rawDetails.median, 2)}x)` : ''}; registry requests ${calls || 'not counted'}${calls ? ` over ${fd.connections} connections` : ''}${fd.errors ? `; ${fd.errors} tags with an error, e.g. "${fd.firstError}"` : ''}`,
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
  const reg = await openRegistry(fleet.raw.registry);
  say(
    `fleet: ${engines.map((e) => `${e.name} (${describeTarget(e.direct)})`).join(', ')}; registry ${reg.url}`,
  );

  const state = { server: null, proxies: null, accessLog: null };
  let cleaning = null;
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (state.server) {
        say('stopping Wharf');
        await stopWharf(state.server).catch((e) => console.error(`could not stop Wharf: ${e.message}`));
      }
      if (state.proxies) await state.proxies.stop().catch(() => {});
      await state.accessLog?.close().catch(() => {});
      for (const e of engines) closeTarget(e.socket);
      closeRegistry(reg);
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
      versions[e.name] = { version: v.data.Version, apiVersion: v.data.ApiVersion, arch: v.data.Arch };
    }
    const architecture = versions[names[0]].arch;
    const layer = fixtureLayer();
    const set = fleetImageSet(opts.images, layer, architecture);
    const manySet = manyTagsSet(opts.tags, layer, architecture);

    if (opts.clean) {
      for (const e of engines) {
        const r = await removeHostImages(e, reg, FLEET_REPO, { parallel: opts.parallel });
        say(
          `${e.name}: removed ${r.removed} fixture images${r.refused.length ? `; refused: ${r.refused.join('; ')}` : ''}`,
        );
      }
      for (const [repo, entries] of [
        [FLEET_REPO, set],
        [MANY_TAGS_REPO, manySet],
      ]) {
        const n = await unseedRepository(reg, repo, entries, { parallel: opts.parallel });
        say(`registry: deleted ${n} manifests of ${repo}`);
      }
      return 0;
    }

    const seed = async ({ quiet = false } = {}) => {
      const t = performance.now();
      const fleetRepo = await seedRepository(reg, FLEET_REPO, set, layer, { parallel: opts.parallel });
      const many = await seedRepository(reg, MANY_TAGS_REPO, manySet, layer, { parallel: opts.parallel });
      const pulls = await Promise.all(engines.map((e) => ensureHostImages(e, reg, FLEET_REPO, set)));
      const changed = fleetRepo.pushed || many.pushed || pulls.some((p) => p.pulled);
      if (!quiet || changed)
        say(
          `fixtures: ${FLEET_REPO} ${fleetRepo.pushed ? `pushed ${fleetRepo.pushed} tags` : `${fleetRepo.tags} tags in place`}, ${MANY_TAGS_REPO} ${many.pushed ? `pushed ${many.pushed} tags` : `${many.tags} tags in place`}; ${engines.map((e, i) => `${e.name} ${pulls[i].pulled ? `pulled ${pulls[i].pulled}` : `${pulls[i].present} in place`}`).join(', ')} (${((performance.now() - t) / 1000).toFixed(1)} s)`,
        );
    };
    say(`making sure the fixtures are in place: ${opts.images} images per engine, ${opts.tags} tags`);
    await seed();
    if (opts.seedOnly) return 0;
    const hostImages = [];
    for (const e of engines) {
      const { data } = await sendJson(e.socket, { path: IMAGES_PATH });
      hostImages.push({ host: e.name, total: data.length });
    }

    const resultsDir = path.join(repoRoot, 'bench', 'results');
    await mkdir(resultsDir, { recursive: true });
    const secret = newSecret();
    let build = null;
    if (!opts.rawOnly) {
      build = await ensureBuild(opts.app, { mode: opts.build, logDir: resultsDir, say, secret });
      if (build.built) say(`built in ${build.seconds} s`);
    }

    state.proxies = await startProxies(engines.map((e) => ({ name: e.name, socketPath: e.socketPath })));
    say(`counting proxies: ${names.map((n) => `${n} 127.0.0.1:${state.proxies.ports[n]}`).join(', ')}`);
    state.accessLog = await openAccessLog(path.join(fleet.raw.fleetDir, 'registry', 'registry.log'));
    if (!state.accessLog) say('no registry access log found: registry calls are not counted');

    let registered = false;
    let wharfSkipped = opts.rawOnly ? '--raw-only' : null;
    let firstDetails = null;
    if (!opts.rawOnly) {
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
      try {
        await api(state.server, '/api/v1/registries', {
          method: 'POST',
          json: { name: REGISTRY_NAME, url: reg.url, username: reg.username, password: reg.password },
        });
        registered = true;
        say(`registered the registry ${REGISTRY_NAME} (${reg.url})`);
      } catch (error) {
        if (error.status !== 404 && error.status !== 405) throw error;
        wharfSkipped = `POST /api/v1/registries answered ${error.status}: the registry routes are missing, so the fleet view runs without registry digests and the tag list is not measured`;
        say(wharfSkipped);
      }
    }

    const reseed = () => seed({ quiet: true });
    const phases = [];
    for (const phase of opts.phases) {
      const r = await runPhase({
        phase,
        opts,
        engines,
        server: state.server,
        wharf: !opts.rawOnly,
        proxies: state.proxies,
        accessLog: state.accessLog,
        reg,
        set,
        manySet,
        registered,
        reseed,
        onFirstDetails: (x) => {
          firstDetails ??= x;
        },
      });
      phases.push(analysePhase(r, names));
    }

    const result = {
      bench: 'images',
      startedAt: started.toISOString(),
      seconds: round((performance.now() - t0) / 1000),
      node: process.version,
      machine: {
        cpus: os.cpus().length,
        loadAvgAtStart: loadAtStart,
        loadAvgAtEnd: os.loadavg().map((x) => round(x, 2)),
      },
      wharf: opts.rawOnly ? null : { app: opts.app, git: gitDescribe(opts.app), build },
      wharfSkipped,
      engines: versions,
      registry: { url: reg.url },
      iterations: opts.iterations,
      warmup: opts.warmup,
      registryParallel: opts.registryParallel,
      pageSize: opts.pageSize,
      cacheTtlMs: CACHE_TTL_MS,
      coldGapMs: COLD_GAP_MS,
      targets: { viewVsSlowestHostPlusRegistry: TARGET_VIEW, tagsVsRaw: TARGET_TAGS },
      setup: { images: opts.images, tags: opts.tags, hostImages },
      firstDetails,
      phases,
    };
    console.log(report(result, names));
    await writeResult(resultsDir, 'images', started, result);
    return 0;
  } finally {
    await cleanup();
  }
}

runBench('images', main, () => interrupted);

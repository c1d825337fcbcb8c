// The test fleet as the benchmarks see it: engines from fleet.json, and the bench containers on them.
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeTarget, send, sendJson } from './http.mjs';

export const FLEET_FILE = process.env.WHARF_FLEET_FILE ?? '/var/tmp/wharf-fleet/fleet.json';
export const BENCH_LABEL = 'wharf.bench';
export const BENCH_IMAGE_KEY = 'base';

export async function readFleet() {
  let text;
  try {
    text = await readFile(FLEET_FILE, 'utf8');
  } catch {
    throw new Error(`no fleet description at ${FLEET_FILE}: start the fleet with \`npm run fleet -- up\``);
  }
  const fleet = JSON.parse(text);
  const engines = [];
  for (const h of fleet.hosts) {
    const socketPath = socketOf(h.socket ?? (h.url.startsWith('unix:') ? h.url : null));
    if (!socketPath)
      throw new Error(`${h.name} has no unix socket in ${FLEET_FILE}; the counting proxy needs one`);
    const url = new URL(h.url);
    let direct;
    if (url.protocol === 'unix:') direct = { kind: 'unix', socketPath: url.pathname };
    else if (h.tls) {
      const [ca, cert, key] = await Promise.all(
        [h.tls.ca, h.tls.cert, h.tls.key].map((f) => readFile(f, 'utf8')),
      );
      direct = { kind: 'tls', host: url.hostname, port: Number(url.port), ca, cert, key };
    } else direct = { kind: 'tcp', host: url.hostname, port: Number(url.port) };
    engines.push({
      name: h.name,
      url: h.url,
      socketPath,
      direct,
      socket: makeTarget({ kind: 'unix', socketPath }),
    });
  }
  return {
    raw: fleet,
    engines,
    image: fleet.images?.[BENCH_IMAGE_KEY] ?? '127.0.0.1:5055/wharf-demo/base:1.36',
  };
}

function socketOf(url) {
  if (!url) return null;
  return new URL(url).pathname;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

export function benchName(i) {
  return `wharf-bench-${String(i).padStart(3, '0')}`;
}

async function benchContainers(engine) {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${BENCH_LABEL}=true`] }));
  const { data } = await sendJson(engine.socket, { path: `/containers/json?all=1&filters=${filters}` });
  return data;
}

/**
 * Makes sure the engine has `count` bench containers named wharf-bench-000..., the first `running`
 * of them started and the others only created. Reuses what is there. Answers what it did.
 */
export async function ensureBenchContainers(
  engine,
  { count, running, image, parallel, isStopped = () => false },
) {
  const { status } = await send(engine.socket, { path: `/images/${encodeURIComponent(image)}/json` });
  if (status !== 200)
    throw new Error(
      `${engine.name}: image ${image} is not on the engine (status ${status}); run \`npm run fleet -- up\``,
    );
  const existing = new Map();
  for (const c of await benchContainers(engine)) {
    for (const n of c.Names ?? []) existing.set(n.replace(/^\//, ''), c);
  }
  const wanted = Array.from({ length: count }, (_, i) => i);
  let created = 0;
  let started = 0;
  await pool(wanted, parallel, async (i) => {
    if (isStopped()) throw new Error('interrupted');
    const name = benchName(i);
    let current = existing.get(name);
    if (!current) {
      const body = {
        Image: image,
        Cmd: ['sleep', '100000'],
        Labels: { [BENCH_LABEL]: 'true', 'wharf.bench.index': String(i) },
        HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } } },
      };
      const res = await sendJson(engine.socket, {
        method: 'POST',
        path: `/containers/create?name=${name}`,
        json: body,
      });
      current = { Id: res.data.Id, State: 'created' };
      created++;
    }
    if (i < running && current.State !== 'running') {
      const res = await send(engine.socket, { method: 'POST', path: `/containers/${current.Id}/start` });
      if (res.status !== 204 && res.status !== 304)
        throw new Error(`${engine.name}: start ${name} -> ${res.status} ${res.body}`);
      started++;
    }
  });
  const { data: all } = await sendJson(engine.socket, { path: '/containers/json?all=1' });
  return {
    created,
    started,
    reused: count - created,
    total: all.length,
    running: all.filter((c) => c.State === 'running').length,
  };
}

/** Removes every bench container (force: running ones are killed). */
export async function removeBenchContainers(engine, { parallel }) {
  const list = await benchContainers(engine);
  await pool(list, parallel, async (c) => {
    const res = await send(engine.socket, { method: 'DELETE', path: `/containers/${c.Id}?force=1&v=1` });
    if (res.status !== 204 && res.status !== 404)
      throw new Error(`${engine.name}: remove ${c.Id} -> ${res.status} ${res.body}`);
  });
  return list.length;
}

/** Waits until every engine answers /_ping on its socket again (another process may restart the fleet). */
export async function waitForEngines(engines, limitMs = 300_000) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const ok = await Promise.all(
      engines.map((e) =>
        send(e.socket, { path: '/_ping', timeoutMs: 2000 })
          .then((r) => r.status === 200)
          .catch(() => false),
      ),
    );
    if (ok.every(Boolean)) return;
    if (Date.now() > deadline)
      throw new Error(`the engines did not all answer /_ping within ${limitMs / 1000} s`);
    await sleep(1000);
  }
}

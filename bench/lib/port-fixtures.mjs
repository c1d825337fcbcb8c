// The ports benchmark's fixtures on the fleet engines, made through each engine's unix socket: N
// containers `wharf-bench-port-000...` per engine running `sleep 3600` on a bench bridge network, each
// publishing one or two ports after a fixed plan (see `portPlan`): fixed host ports in a bench range of
// its own per engine (the engines share the machine's network), random ones the engine picks (`-P`, or
// an empty host port), some UDP, a few on 127.0.0.1, and a few containers only created, whose fixed
// ports are claimed rather than bound. Everything carries the label `wharf.bench=ports` (the other
// benches use other values, so no bench removes another's).
import { setTimeout as sleep } from 'node:timers/promises';
import { BENCH_LABEL, pool } from './fleet.mjs';
import { send, sendJson } from './http.mjs';

export const PORT_PREFIX = 'wharf-bench-port-';
export const BENCH_VALUE = 'ports';
export const BENCH_LABELS = { [BENCH_LABEL]: BENCH_VALUE };
export const NETWORK = 'wharf-bench-ports';
/** The plan a container was made after; a container of another plan is made again. */
const PLAN_LABEL = 'wharf.bench.plan';
const SERVICE_LABEL = 'wharf.service';
const SMALL_LOGS = { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } };
/** Host ports of engine k: BASE + 1000 k + i (first port), + 500 + i (second); below the ephemeral range. */
const PORT_BASE = 24_000;
const PORTS_PER_ENGINE = 1000;
export const MAX_CONTAINERS = 500;
/**
 * The bench network's subnet on engine k: a /22 (the default bridge's /24 holds fewer than 300
 * containers) at the top of the engine's default address pool, which the fleet gives each engine apart.
 */
const SUBNETS = ['172.31.220.0/22', '172.31.236.0/22', '172.31.252.0/22'];
/** Starts that lose a random host port to another engine (each engine picks them on its own). */
const START_ATTEMPTS = 20;

/**
 * The engines share the machine's iptables, and an engine making or removing a network rewrites shared
 * chains (DOCKER-ISOLATION-*) in steps: two at once can fail. Network changes go one at a time, and one
 * that fails on iptables is repeated.
 */
let networkQueue = Promise.resolve();
function oneNetworkChangeAtATime(fn) {
  const run = networkQueue.then(async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (attempt >= 5 || !/iptables/i.test(error.message)) throw error;
        await sleep(500 * attempt);
      }
    }
  });
  networkQueue = run.catch(() => {});
  return run;
}

const benchFilter = encodeURIComponent(JSON.stringify({ label: [`${BENCH_LABEL}=${BENCH_VALUE}`] }));

export const portName = (i) => `${PORT_PREFIX}${String(i).padStart(3, '0')}`;
const indexOf = (name) => {
  const m = /^wharf-bench-port-(\d{3})$/.exec(name);
  return m ? Number(m[1]) : null;
};

/** The bench's fixed host port range on engine `k`. */
export function portRange(k) {
  const from = PORT_BASE + PORTS_PER_ENGINE * k;
  return { from, to: from + PORTS_PER_ENGINE - 1 };
}

/**
 * What container `i` of engine `k` publishes. One in twenty is only created (its fixed ports are
 * claimed, not bound); one in ten publishes a random port, half of them by publish-all (`-P`) and half
 * by an empty host port; every other container publishes a second port, every third of those UDP; one
 * in ten binds 127.0.0.1 only. Answers the create body's parts and the claims the map must show.
 */
export function portPlan(i, k) {
  const { from } = portRange(k);
  const running = i % 20 !== 19;
  const random = i % 10 === 3 ? (i % 20 === 3 ? 'publish-all' : 'empty-host-port') : null;
  const hostIp = i % 10 === 7 ? '127.0.0.1' : '';
  const ports = [];
  if (random === 'publish-all') ports.push({ containerPort: 8080, proto: 'tcp', hostIp: '', hostPort: null });
  else if (random === 'empty-host-port')
    ports.push({ containerPort: 8080, proto: 'tcp', hostIp: '', hostPort: null });
  else ports.push({ containerPort: 80, proto: 'tcp', hostIp, hostPort: from + i });
  if (i % 2 === 0)
    ports.push({
      containerPort: i % 6 === 0 ? 53 : 443,
      proto: i % 6 === 0 ? 'udp' : 'tcp',
      hostIp,
      hostPort: from + 500 + i,
    });
  const exposed = Object.fromEntries(ports.map((p) => [`${p.containerPort}/${p.proto}`, {}]));
  const bindings = {};
  if (random !== 'publish-all')
    for (const p of ports)
      bindings[`${p.containerPort}/${p.proto}`] = [
        { HostIp: p.hostIp, HostPort: p.hostPort === null ? '' : String(p.hostPort) },
      ];
  const plan = `v1 ${running ? 'run' : 'created'} ${random ?? 'fixed'} ${ports
    .map((p) => `${p.hostIp || '*'}:${p.hostPort ?? '-'}->${p.containerPort}/${p.proto}`)
    .join(',')}`;
  return {
    name: portName(i),
    running,
    random,
    ports,
    plan,
    service: `bench-${i % 40}`,
    exposed,
    bindings,
  };
}

async function benchContainers(engine) {
  const { data } = await sendJson(engine.socket, { path: `/containers/json?all=1&filters=${benchFilter}` });
  return data;
}

async function benchNetwork(engine) {
  const filter = encodeURIComponent(JSON.stringify({ name: [NETWORK] }));
  const { data } = await sendJson(engine.socket, { path: `/networks?filters=${filter}` });
  return data.find((n) => n.Name === NETWORK) ?? null;
}

/** Makes the bench network of engine `k` unless it is there; answers its name and subnet. */
async function ensureNetwork(engine, k) {
  const subnet = SUBNETS[k];
  if (!subnet) throw new Error(`${engine.name}: no bench subnet for engine number ${k + 1}`);
  return oneNetworkChangeAtATime(async () => {
    // Looked up inside the queue: an attempt that failed on iptables may have made it all the same.
    const existing = await benchNetwork(engine);
    if (existing) return { created: false, subnet: existing.IPAM?.Config?.[0]?.Subnet ?? null };
    await sendJson(engine.socket, {
      method: 'POST',
      path: '/networks/create',
      json: {
        Name: NETWORK,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: BENCH_LABELS,
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
      },
    });
    return { created: true, subnet };
  });
}

export async function removeContainer(engine, ref) {
  const res = await send(engine.socket, {
    method: 'DELETE',
    path: `/containers/${encodeURIComponent(ref)}?force=1&v=1`,
  });
  if (res.status !== 204 && res.status !== 404)
    throw new Error(`${engine.name}: remove container ${ref} -> ${res.status} ${res.body}`);
}

async function createContainer(engine, plan, image) {
  const res = await sendJson(engine.socket, {
    method: 'POST',
    path: `/containers/create?name=${encodeURIComponent(plan.name)}`,
    json: {
      Image: image,
      Cmd: ['sleep', '3600'],
      Labels: { ...BENCH_LABELS, [PLAN_LABEL]: plan.plan, [SERVICE_LABEL]: plan.service },
      ExposedPorts: plan.exposed,
      StopTimeout: 1,
      HostConfig: {
        LogConfig: SMALL_LOGS,
        NetworkMode: NETWORK,
        PortBindings: plan.bindings,
        PublishAllPorts: plan.random === 'publish-all',
      },
    },
  });
  return res.data.Id;
}

/**
 * Starts a container. A random host port the engine picked may be held by another engine (each keeps
 * its own allocator over the one ephemeral range); the engine then moves on, so the start is repeated.
 * Answers the number of failed attempts.
 */
async function startContainer(engine, id, name) {
  for (let attempt = 0; ; attempt++) {
    const res = await send(engine.socket, { method: 'POST', path: `/containers/${id}/start` });
    if (res.status === 204 || res.status === 304) return attempt;
    const body = res.body.toString('utf8');
    if (attempt + 1 >= START_ATTEMPTS || !/address already in use|port is already allocated/.test(body))
      throw new Error(`${engine.name}: start ${name} -> ${res.status} ${body.trim().slice(0, 300)}`);
  }
}

/**
 * Makes sure engine `k` has the bench network and `count` bench containers after `portPlan`, the
 * running ones started. Reuses what is there; makes again a container of another plan and removes
 * bench containers past `count`. Answers what it did.
 */
export async function ensurePortContainers(engine, k, { count, image, parallel, isStopped = () => false }) {
  if (count > MAX_CONTAINERS) throw new Error(`at most ${MAX_CONTAINERS} bench containers per engine`);
  const { status } = await send(engine.socket, { path: `/images/${encodeURIComponent(image)}/json` });
  if (status !== 200)
    throw new Error(
      `${engine.name}: image ${image} is not on the engine (status ${status}); run \`npm run fleet -- up\``,
    );
  const network = await ensureNetwork(engine, k);
  const existing = new Map();
  const surplus = [];
  for (const c of await benchContainers(engine)) {
    const name = (c.Names ?? [])[0]?.replace(/^\//, '') ?? '';
    const i = indexOf(name);
    if (i === null || i >= count) surplus.push(c);
    else existing.set(name, c);
  }
  await pool(surplus, parallel, (c) => removeContainer(engine, c.Id));
  const plans = Array.from({ length: count }, (_, i) => portPlan(i, k));
  let created = 0;
  let started = 0;
  let remade = 0;
  let failedStarts = 0;
  await pool(plans, parallel, async (plan) => {
    if (isStopped()) throw new Error('interrupted');
    let current = existing.get(plan.name);
    if (current && current.Labels?.[PLAN_LABEL] !== plan.plan) {
      await removeContainer(engine, current.Id);
      current = undefined;
      remade++;
    }
    if (!current) {
      current = { Id: await createContainer(engine, plan, image), State: 'created' };
      created++;
    }
    if (plan.running && current.State !== 'running') {
      failedStarts += await startContainer(engine, current.Id, plan.name);
      started++;
    }
  });
  const all = await benchContainers(engine);
  return {
    network: { name: NETWORK, ...network },
    created,
    remade,
    started,
    failedStarts,
    removed: surplus.length,
    reused: count - created,
    containers: all.length,
    running: all.filter((c) => c.State === 'running').length,
    bindings: plans.reduce((a, p) => a + p.ports.length, 0),
  };
}

/** Removes every bench container and the bench network of the engine; answers the counts. */
export async function removePortContainers(engine, { parallel }) {
  const list = await benchContainers(engine);
  await pool(list, parallel, (c) => removeContainer(engine, c.Id));
  const net = await benchNetwork(engine);
  let networks = 0;
  if (net) {
    await oneNetworkChangeAtATime(async () => {
      const res = await send(engine.socket, { method: 'DELETE', path: `/networks/${net.Id}` });
      if (res.status !== 204 && res.status !== 404)
        throw new Error(`${engine.name}: remove network ${NETWORK} -> ${res.status} ${res.body}`);
    });
    networks = 1;
  }
  return { containers: list.length, networks };
}

const anyAddress = (ip) => (ip === '' || ip === '0.0.0.0' || ip === '::' ? '*' : ip);
const claimKey = (c) =>
  `${anyAddress(c.hostIp)}:${c.port}/${c.proto}->${c.containerPort} ${c.state} ${c.chosen}`;

/**
 * The claims the port map must show for the bench containers of engine `k`, from the plan and, for
 * the random ports, the host port the engine picked as its container list (`list`) says. Answers
 * name -> sorted claim keys (address, port, protocol, container port, state, chosen).
 */
export function expectedClaims(list, k, count) {
  const byName = new Map();
  for (const c of list) for (const n of c.Names ?? []) byName.set(n.replace(/^\//, ''), c);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    const plan = portPlan(i, k);
    const keys = [];
    for (const p of plan.ports) {
      if (p.hostPort === null) {
        // A random port exists only while the container runs, and the engine may pick one port for
        // IPv4 and another for IPv6; its list says which.
        const listed = (byName.get(plan.name)?.Ports ?? []).filter(
          (x) => x.PrivatePort === p.containerPort && x.Type === p.proto && x.PublicPort,
        );
        if (listed.length === 0)
          keys.push(`${plan.name}: no host port picked for ${p.containerPort}/${p.proto}`);
        for (const x of listed)
          keys.push(
            claimKey({ ...p, hostIp: x.IP ?? '', port: x.PublicPort, state: 'bound', chosen: 'random' }),
          );
      } else
        keys.push(
          claimKey({ ...p, port: p.hostPort, state: plan.running ? 'bound' : 'claimed', chosen: 'spec' }),
        );
    }
    out.set(plan.name, [...new Set(keys)].sort());
  }
  return out;
}

/**
 * Compares a port map (THostPorts) with the expected claims of the bench containers. Answers the
 * number of bench containers whose claims are right and the first few differences.
 */
export function compareMap(map, expected) {
  const got = new Map();
  for (const c of map.claims ?? []) {
    if (c.holder?.kind !== 'container' || !expected.has(c.holder.name)) continue;
    got.set(c.holder.name, [...(got.get(c.holder.name) ?? []), claimKey(c)]);
  }
  let right = 0;
  const diffs = [];
  for (const [name, keys] of expected) {
    const mine = [...new Set(got.get(name) ?? [])].sort();
    if (JSON.stringify(mine) === JSON.stringify(keys)) right++;
    else if (diffs.length < 3)
      diffs.push(`${name}: map ${mine.join(', ') || 'none'}; expected ${keys.join(', ')}`);
  }
  const claims = [...got.values()].reduce((a, xs) => a + xs.length, 0);
  return { right, of: expected.size, claims, diffs };
}

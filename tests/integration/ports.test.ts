import fs from 'node:fs';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '@/lib/server/db';
import type {
  TFleetNetworks,
  TFleetPortConflicts,
  THostNetworks,
  THostPorts,
  TPortCheck,
  TPortReservation,
  TPortSuggestion,
} from '@/lib/types/ports';
import { type ApiError, api } from './support/api';
import { deleteHostRows } from './support/db';
import { engine, loadFleet } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';

const fleet = loadFleet();
const HOST = uniqueName('ports-c');
const HOST_A = uniqueName('ports-a');
const docker = engine('fleet-c');
const dockerA = engine('fleet-a');
const BASE_IMAGE = '127.0.0.1:5055/wharf-demo/base:1.36';
/** A block of host ports no other test uses: 20000-29990, in steps of 10. */
const P = 20_000 + Math.floor(Math.random() * 990) * 10;
const SERVICE = uniqueName('svc');
const made: { docker: Docker; name: string }[] = [];
const networks: { docker: Docker; name: string }[] = [];
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;

type Publish = { port: string; hostPort: string; hostIp?: string };

async function run(
  on: Docker,
  opts: {
    publish?: Publish[];
    start?: boolean;
    service?: string;
    network?: string;
    expose?: string[];
    links?: string[];
  },
): Promise<string> {
  const name = uniqueName('ports');
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of opts.publish ?? [])
    bindings[p.port] = [...(bindings[p.port] ?? []), { HostIp: p.hostIp ?? '', HostPort: p.hostPort }];
  const c = await on.createContainer({
    name,
    Image: BASE_IMAGE,
    Cmd: ['sleep', '3600'],
    Labels: opts.service ? { 'wharf.service': opts.service } : {},
    ExposedPorts: Object.fromEntries([...(opts.expose ?? []), ...Object.keys(bindings)].map((k) => [k, {}])),
    HostConfig: { PortBindings: bindings, NetworkMode: opts.network, Links: opts.links },
  });
  made.push({ docker: on, name });
  if (opts.start !== false) await c.start();
  return name;
}

async function ports(host = HOST): Promise<THostPorts> {
  const res = await api.get<THostPorts>(`/api/v1/hosts/${host}/ports`, { token: users.viewer.token });
  expect(res.status, res.text).toBe(200);
  return res.json;
}

/** The map once the container list shows what was just started (it is cached for 2 s). */
async function portsWhen(ready: (p: THostPorts) => boolean, host = HOST): Promise<THostPorts> {
  let last: THostPorts | undefined;
  await expect
    .poll(
      async () => {
        last = await ports(host);
        return ready(last);
      },
      { timeout: 15_000, interval: 250 },
    )
    .toBe(true);
  return last as THostPorts;
}

const of = (map: THostPorts, name: string) =>
  map.claims.filter((c) => c.holder.kind === 'container' && c.holder.name === name);

let fixed = '';
let random = '';
let v6 = '';
let stopped = '';

beforeAll(async () => {
  users = await makeRoleUsers('ports');
  for (const [name, h] of [
    [HOST, fleet.hosts['fleet-c']],
    [HOST_A, fleet.hosts['fleet-a']],
  ] as const) {
    const res = await api.post('/api/v1/hosts', {
      token: users.admin.token,
      body: { name, url: h.url, tls: h.tls ?? undefined },
    });
    expect(res.status, res.text).toBe(201);
  }
  fixed = await run(docker, {
    publish: [
      { port: '80/tcp', hostPort: String(P) },
      { port: '53/udp', hostPort: String(P), hostIp: '127.0.0.1' },
    ],
    service: SERVICE,
  });
  random = await run(docker, { publish: [{ port: '8080/tcp', hostPort: '' }] });
  v6 = await run(docker, { publish: [{ port: '80/tcp', hostPort: String(P + 1), hostIp: '::1' }] });
  stopped = await run(docker, { publish: [{ port: '80/tcp', hostPort: String(P + 2) }], start: false });
});

afterAll(async () => {
  for (const { docker: d, name } of made)
    await d
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
  for (const { docker: d, name } of networks)
    await d
      .getNetwork(name)
      .remove()
      .catch(() => undefined);
  const db = await getDb();
  await db
    .deleteFrom('port_reservations')
    .where('port', '>=', P)
    .where('port', '<', P + 10)
    .execute();
  await deleteHostRows([HOST, HOST_A]);
});

describe('the port map', () => {
  it('equals what the engine says, port for port, for fixed, random, IPv6 and stopped containers', async () => {
    const map = await portsWhen((m) => of(m, v6).length > 0 && of(m, random).length > 0);
    for (const name of [fixed, random, v6]) {
      const info = await docker.getContainer(name).inspect();
      const engine = Object.entries(info.NetworkSettings.Ports ?? {}).flatMap(([key, list]) =>
        (list ?? []).map((b) => `${b.HostIp}:${b.HostPort}->${key}`),
      );
      const wharf = of(map, name).flatMap((c) =>
        // One claim on every address stands for the engine's two wildcard bindings.
        (c.scope === 'all' ? ['0.0.0.0', '::'] : [c.hostIp]).map(
          (ip) => `${ip}:${c.port}->${c.containerPort}/${c.proto}`,
        ),
      );
      expect(wharf.sort(), name).toEqual(engine.sort());
      expect(of(map, name).every((c) => c.state === 'bound')).toBe(true);
    }
    expect(of(map, fixed).map((c) => [c.hostIp, c.scope, c.chosen, c.proto])).toEqual([
      ['', 'all', 'spec', 'tcp'],
      ['127.0.0.1', 'specific', 'spec', 'udp'],
    ]);
    expect(of(map, fixed)[0]?.holder).toMatchObject({ service: SERVICE, state: 'running' });
    expect(of(map, random).map((c) => c.chosen)).toEqual(expect.arrayContaining(['random']));
    expect(of(map, v6)).toEqual([expect.objectContaining({ hostIp: '::1', scope: 'specific', port: P + 1 })]);
    // A stopped container claims its fixed port, as `docker inspect` says it asked for it.
    expect(of(map, stopped)).toEqual([
      expect.objectContaining({
        port: P + 2,
        proto: 'tcp',
        state: 'claimed',
        chosen: 'spec',
        containerPort: 80,
      }),
    ]);
  });

  it('lists containers on the host network apart, with their exposed ports as hints', async () => {
    const name = await run(docker, { network: 'host', expose: ['9123/tcp'] });
    const map = await portsWhen((m) => m.hostNetwork.some((c) => c.name === name));
    expect(map.hostNetwork.find((c) => c.name === name)?.exposed).toEqual(['9123/tcp']);
    expect(map.claims.some((c) => c.holder.kind === 'container' && c.holder.name === name)).toBe(false);
    // The seeded hostnet container is there too.
    expect(map.hostNetwork.find((c) => c.name === 'hostnet')?.exposed).toEqual(['9100/tcp']);
  });
});

describe('reservations and suggestions', () => {
  it('reserves a free port (operator), refuses a held one naming the holder, and shows it on the map', async () => {
    const viewer = await api.post(`/api/v1/hosts/${HOST}/port-reservations`, {
      token: users.viewer.token,
      body: { port: P + 3, note: 'billing api' },
    });
    expect(viewer.status).toBe(403);
    const res = await api.post<TPortReservation>(`/api/v1/hosts/${HOST}/port-reservations`, {
      token: users.operator.token,
      body: { port: P + 3, proto: 'tcp', service: 'billing', note: 'billing api' },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      port: P + 3,
      hostIp: '',
      service: 'billing',
      createdBy: users.operator.username,
    });
    const held = await api.post<ApiError>(`/api/v1/hosts/${HOST}/port-reservations`, {
      token: users.operator.token,
      body: { port: P, note: 'wants the bound one' },
    });
    expect(held.status).toBe(409);
    expect(held.json.error.message).toContain(fixed);
    const twice = await api.post<ApiError>(`/api/v1/hosts/${HOST}/port-reservations`, {
      token: users.operator.token,
      body: { port: P + 3, hostIp: '127.0.0.1', note: 'again' },
    });
    expect(twice.status).toBe(409);
    expect(twice.json.error.message).toContain('reservation by');
    const map = await ports();
    expect(map.claims.filter((c) => c.port === P + 3)).toEqual([
      expect.objectContaining({
        state: 'reserved',
        holder: expect.objectContaining({ kind: 'reservation', note: 'billing api' }),
      }),
    ]);
  });

  it('suggests the lowest ports that are not bound, claimed or reserved', async () => {
    const res = await api.get<TPortSuggestion>(`/api/v1/hosts/${HOST}/ports/suggest`, {
      token: users.viewer.token,
      query: { from: String(P), to: String(P + 9), proto: 'tcp', count: '3' },
    });
    expect(res.status, res.text).toBe(200);
    // P bound, P+1 bound on ::1, P+2 claimed by the stopped container, P+3 reserved.
    expect(res.json.ports).toEqual([P + 4, P + 5, P + 6]);
    const udp = await api.get<TPortSuggestion>(`/api/v1/hosts/${HOST}/ports/suggest`, {
      token: users.viewer.token,
      query: { from: String(P), to: String(P + 9), proto: 'udp', count: '1' },
    });
    expect(udp.json.ports).toEqual([P + 1]);
  });

  it('refuses bad input with 400 and a message', async () => {
    for (const [query, words] of [
      [{ from: '0' }, 'from is a port from 1 to 65535'],
      [{ to: '70000' }, 'to is a port from 1 to 65535'],
      [{ proto: 'icmp' }, 'proto is tcp, udp or sctp'],
      [{ from: '9000', to: '8000' }, 'from must not be above to'],
      [{ count: 'lots' }, 'count'],
    ] as const) {
      const res = await api.get<ApiError>(`/api/v1/hosts/${HOST}/ports/suggest`, {
        token: users.viewer.token,
        query,
      });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.json.error.message).toContain(words);
    }
    for (const body of [
      { port: 0, note: 'zero' },
      { port: 70_000, note: 'too high' },
      { port: 8080, proto: 'icmp', note: 'bad proto' },
      { port: '8080', note: 'a string' },
      { port: 8080, hostIp: 'not-an-ip', note: 'bad ip' },
      { port: 8080 },
    ]) {
      const res = await api.post<ApiError>(`/api/v1/hosts/${HOST}/port-reservations`, {
        token: users.operator.token,
        body,
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('deletes a reservation (operator) and audits both', async () => {
    const made = await api.post<TPortReservation>(`/api/v1/hosts/${HOST}/port-reservations`, {
      token: users.operator.token,
      body: { port: P + 9, proto: 'udp', note: 'short lived' },
    });
    expect(made.status).toBe(201);
    const gone = await api.delete(`/api/v1/hosts/${HOST}/port-reservations/${made.json.id}`, {
      token: users.operator.token,
    });
    expect(gone.status).toBe(200);
    const again = await api.delete(`/api/v1/hosts/${HOST}/port-reservations/${made.json.id}`, {
      token: users.operator.token,
    });
    expect(again.status).toBe(404);
  });
});

describe('conflicts', () => {
  it('finds a reservation bound by a container, a double reservation and a stopped container that would fail', async () => {
    // Reserved first, then bound by a container that ignored the plan.
    const plan = await api.post<TPortReservation>(`/api/v1/hosts/${HOST}/port-reservations`, {
      token: users.operator.token,
      body: { port: P + 5, note: 'planned for search' },
    });
    expect(plan.status).toBe(201);
    const squatter = await run(docker, { publish: [{ port: '80/tcp', hostPort: String(P + 5) }] });
    // The stopped container's port is taken by a running one.
    const taker = await run(docker, { publish: [{ port: '80/tcp', hostPort: String(P + 2) }] });
    // Two reservations of one port, as two instances saving at once could leave them.
    const db = await getDb();
    const hostRow = await db
      .selectFrom('hosts')
      .select('id')
      .where('name', '=', HOST)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('port_reservations')
      .values({
        id: `dbl${Date.now()}`.slice(0, 20),
        host_id: hostRow.id,
        port: P + 3,
        proto: 'tcp',
        host_ip: '0.0.0.0',
        service: null,
        note: 'saved at the same time',
        created_by: 'someone',
        created_at: new Date().toISOString(),
      })
      .execute();

    const map = await portsWhen((m) => of(m, squatter).length > 0 && of(m, taker).length > 0);
    const kinds = map.conflicts.map((c) => [c.kind, c.port]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['reservation-bound', P + 5],
        ['stopped-would-fail', P + 2],
        ['double-reservation', P + 3],
      ]),
    );
    const wouldFail = map.conflicts.find((c) => c.kind === 'stopped-would-fail');
    expect(wouldFail?.message).toContain(stopped);
    expect(wouldFail?.message).toContain(taker);

    const fleetWide = await api.get<TFleetPortConflicts>('/api/v1/ports/conflicts', {
      token: users.viewer.token,
    });
    expect(fleetWide.status).toBe(200);
    expect(fleetWide.json.conflicts.filter((c) => c.host.name === HOST).map((c) => c.kind)).toEqual(
      expect.arrayContaining(['reservation-bound', 'stopped-would-fail', 'double-reservation']),
    );
  });

  it('flags a service published on different host ports on different hosts', async () => {
    const svc = uniqueName('svc-drift');
    await run(docker, { publish: [{ port: '80/tcp', hostPort: String(P + 7) }], service: svc });
    await run(dockerA, { publish: [{ port: '80/tcp', hostPort: String(P + 8) }], service: svc });
    await portsWhen((m) => m.claims.some((c) => c.port === P + 8), HOST_A);
    await portsWhen((m) => m.claims.some((c) => c.port === P + 7));
    const res = await api.get<TFleetPortConflicts>('/api/v1/ports/conflicts', { token: users.viewer.token });
    const flagged = res.json.inconsistencies.find((i) => i.service === svc);
    expect(flagged).toMatchObject({ containerPort: 80, proto: 'tcp' });
    expect(flagged?.hosts.map((h) => [h.host.name, h.ports])).toEqual(
      [
        [HOST_A, [P + 8]],
        [HOST, [P + 7]],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('answers the preflight: free for the service that holds a port, taken for another, naming the holder', async () => {
    const check = (service: string, port: number) =>
      api.get<TPortCheck>(`/api/v1/hosts/${HOST}/ports/check`, {
        token: users.viewer.token,
        query: { port: String(port), service },
      });
    const own = await check(SERVICE, P);
    expect(own.json).toEqual({ free: true });
    const other = await check('another', P);
    expect(other.json).toMatchObject({ free: false, holder: { kind: 'container', name: fixed } });
    expect((other.json as { message: string }).message).toContain(fixed);
    const reserved = await check('another', P + 3);
    expect(reserved.json).toMatchObject({ free: false, holder: { kind: 'reservation' } });
    const billing = await check('billing', P + 3);
    // The double reservation made above holds the port for no service in particular.
    expect(billing.json.free).toBe(false);
    expect((await check('another', P + 6)).json).toEqual({ free: true });
    const bad = await api.get(`/api/v1/hosts/${HOST}/ports/check`, {
      token: users.viewer.token,
      query: { port: '80' },
    });
    expect(bad.status).toBe(400);
  });
});

describe('networks', () => {
  it('lists networks with subnets and members, and flags host network use and legacy links', async () => {
    const target = await run(docker, {});
    const linked = await run(docker, { links: [`${target}:db`] });
    let view: THostNetworks | undefined;
    await expect
      .poll(
        async () => {
          const res = await api.get<THostNetworks>(`/api/v1/hosts/${HOST}/networks`, {
            token: users.viewer.token,
          });
          view = res.json;
          const ip = view.networks
            .find((n) => n.name === 'bridge')
            ?.members.find((m) => m.name === target)?.ipv4;
          return (
            res.status === 200 &&
            Boolean(ip) &&
            view.flags.some((f) => f.kind === 'legacy-links' && f.containers.includes(linked))
          );
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe(true);
    const bridge = view?.networks.find((n) => n.name === 'bridge');
    expect(bridge?.driver).toBe('bridge');
    expect(bridge?.subnets[0]?.subnet).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    const member = bridge?.members.find((m) => m.name === target);
    expect(member?.ipv4).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const inspected = await docker.getContainer(target).inspect();
    expect(member?.ipv4).toBe(inspected.NetworkSettings.Networks.bridge?.IPAddress);
    expect(view?.flags.find((f) => f.kind === 'host-network')?.containers).toContain('hostnet');
    expect(view?.networks.find((n) => n.name === 'host')?.driver).toBe('host');
  });

  it('flags macvlan subnets that overlap across hosts', async () => {
    const parent = fs.readdirSync('/sys/class/net').find((n) => n.startsWith('br-wharf')) ?? 'eth0';
    const subnet = `10.${200 + Math.floor(Math.random() * 50)}.${Math.floor(Math.random() * 250)}.0/24`;
    for (const d of [docker, dockerA]) {
      const name = uniqueName('mv');
      await d.createNetwork({
        Name: name,
        Driver: 'macvlan',
        Options: { parent },
        IPAM: { Config: [{ Subnet: subnet }] },
      });
      networks.push({ docker: d, name });
    }
    let fleetView: TFleetNetworks | undefined;
    const flagOf = (v: TFleetNetworks | undefined) =>
      v?.flags.find((f) => f.kind === 'subnet-overlap' && f.message.includes(subnet));
    await expect
      .poll(
        async () => {
          fleetView = (await api.get<TFleetNetworks>('/api/v1/networks', { token: users.viewer.token })).json;
          return flagOf(fleetView) !== undefined;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe(true);
    const flag = flagOf(fleetView);
    expect(flag?.hosts.sort()).toEqual([HOST, HOST_A].sort());
    expect(flag?.networks.sort()).toEqual(networks.map((n) => n.name).sort());
  });
});

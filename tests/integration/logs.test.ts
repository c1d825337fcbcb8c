import type http from 'node:http';
import type Docker from 'dockerode';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsKey } from '@/lib/logs/merge';
import { getDb } from '@/lib/server/db';
import { newId } from '@/lib/server/ids';
import type {
  TContainerLogSettings,
  TFleetLogSettings,
  THostLogSettings,
  TLogLine,
  TLogMarker,
  TLogSearchResult,
  TLogSource,
} from '@/lib/types/logs';
import { type ApiError, api, BASE_URL, loadRoute, routeFiles } from './support/api';
import { auditRows, deleteHostRows } from './support/db';
import { engine, loadFleet, portOf } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';
import { CountingProxy } from './support/proxy';

const fleet = loadFleet();
const BASE = '127.0.0.1:5055/wharf-demo/base:1.36';
const APP = '127.0.0.1:5055/wharf-demo/app';
const HOST_A = uniqueName('logs-a');
const HOST_C = uniqueName('logs-c');
const HOST_P = uniqueName('logs-proxied');
const TAG = uniqueName('t').slice(2);
const engines = { a: engine('fleet-a'), c: engine('fleet-c') };
const created: { docker: Docker; name: string }[] = [];
const services: string[] = [];
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;
let proxy: CountingProxy;
const hostIds: Record<string, string> = {};

const names = {
  known: uniqueName('logs-known'),
  tty: uniqueName('logs-tty'),
  nolog: uniqueName('logs-none'),
  ticker: uniqueName('logs-ticker'),
  svc: uniqueName('logsvc'),
  svcDown: uniqueName('logsvc-down'),
};
const svcContainer = `${names.svc}-app`;

/** Known output: plain, a 1 MiB line, invalid UTF-8, ANSI, HTML, stdout and stderr interleaved. */
const KNOWN_SCRIPT = String.raw`printf 'plain line one\n'
head -c 1048576 /dev/zero | tr '\0' x; echo
printf 'bad \377\376 bytes\n'
printf '\033[1;31mred alert\033[0m normal\n'
printf '<img src=x onerror=alert(1)>\n'
printf '<script>alert(2)</script>\n'
for i in 1 2 3 4 5; do echo "out $i"; echo "err $i" >&2; sleep 0.05; done
printf 'last line\n'`;

const SERVICE_SCRIPT = `trap 'exit 0' TERM
echo "ctx-1 $WHO"; echo "ctx-2 $WHO"; echo "NEEDLE-$TAG-$WHO"; echo "ctx-3 $WHO"; echo "ctx-4 $WHO"
i=0; while true; do echo "$WHO-$TAG tick $i"; i=$((i+1)); sleep 0.2; done`;

async function run(
  docker: Docker,
  name: string,
  script: string,
  options: {
    tty?: boolean;
    env?: string[];
    labels?: Record<string, string>;
    wait?: boolean;
    log?: { Type: string; Config: Record<string, string> };
  } = {},
): Promise<void> {
  const c = await docker.createContainer({
    name,
    Image: BASE,
    Cmd: ['sh', '-c', script],
    Tty: options.tty ?? false,
    Env: options.env ?? [],
    Labels: options.labels ?? {},
    HostConfig: { LogConfig: options.log ?? { Type: 'json-file', Config: { 'max-size': '10m' } } },
  });
  created.push({ docker, name });
  await c.start();
  if (options.wait) await c.wait();
}

type Stream = {
  res: Response;
  lines: TLogLine[];
  markers: TLogMarker[];
  sources: TLogSource[][];
  errors: string[];
  ended: string | null;
  closed: boolean;
  abort: () => void;
};

/** Calls a route handler with a real NextRequest whose signal the caller can abort, as a browser would. */
async function request(
  template: string,
  params: Record<string, string>,
  query: Record<string, string>,
  headers: Record<string, string>,
): Promise<{ res: Response; abort: () => void }> {
  const file = routeFiles().find((r) => r.template === template);
  if (!file) throw new Error(`no route ${template}`);
  const handler = (await loadRoute(file)).GET;
  if (!handler) throw new Error(`${template} has no GET`);
  let pathname = template;
  for (const [k, v] of Object.entries(params)) pathname = pathname.replace(`[${k}]`, encodeURIComponent(v));
  const url = new URL(pathname, BASE_URL);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const controller = new AbortController();
  const req = new NextRequest(url, { headers, signal: controller.signal });
  const res = await handler(req, { params: Promise.resolve(params) });
  return { res, abort: () => controller.abort() };
}

/** Opens a log stream and parses its Server-Sent Events as they arrive. */
async function openStream(
  template: string,
  params: Record<string, string>,
  query: Record<string, string> = {},
): Promise<Stream> {
  const { res, abort } = await request(template, params, query, {
    authorization: `Bearer ${users.viewer.token}`,
    accept: 'text/event-stream',
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const s: Stream = {
    res,
    lines: [],
    markers: [],
    sources: [],
    errors: [],
    ended: null,
    closed: false,
    abort,
  };
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const onBlock = (block: string) => {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!data) return;
    const payload = JSON.parse(data);
    if (event === 'lines') s.lines.push(...(payload.lines as TLogLine[]));
    else if (event === 'marker') s.markers.push(payload as TLogMarker);
    else if (event === 'sources') s.sources.push(payload.containers as TLogSource[]);
    else if (event === 'error') s.errors.push(payload.message as string);
    else if (event === 'end') s.ended = payload.reason as string;
  };
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (let i = buffer.indexOf('\n\n'); i !== -1; i = buffer.indexOf('\n\n')) {
          onBlock(buffer.slice(0, i));
          buffer = buffer.slice(i + 2);
        }
      }
    } catch {
      // aborted
    } finally {
      s.closed = true;
    }
  })();
  return s;
}

/** Closes the idle keep-alive connections of a host's Docker client; connections in use stay. */
function dropIdleConnections(hostId: string): void {
  const clients = (globalThis as { wharfDockerClients?: Map<string, { agent: http.Agent }> })
    .wharfDockerClients;
  const agent = clients?.get(hostId)?.agent;
  expect(agent, 'the host has a Docker client').toBeDefined();
  for (const list of Object.values(agent?.freeSockets ?? {}))
    for (const socket of list ?? []) socket.destroy();
}

const CONTAINER_LOGS = '/api/v1/hosts/[host]/containers/[id]/logs';
const SERVICE_LOGS = '/api/v1/services/[name]/logs';
const texts = (lines: TLogLine[]) => lines.map((l) => l.text);
const isSorted = (lines: TLogLine[]) =>
  lines.every((l, i) => i === 0 || tsKey(lines[i - 1]?.ts ?? '') <= tsKey(l.ts));

/** The whole log of a container that has exited, through the SSE route. */
async function readAll(host: string, id: string, query: Record<string, string> = {}): Promise<Stream> {
  const s = await openStream(CONTAINER_LOGS, { host, id }, query);
  await expect.poll(() => s.closed, { timeout: 15_000 }).toBe(true);
  return s;
}

beforeAll(async () => {
  users = await makeRoleUsers('logs');
  const a = fleet.hosts['fleet-a'];
  proxy = await new CountingProxy({ host: '127.0.0.1', port: portOf(a.url) }).start();
  for (const [name, url, tls, timeoutMs] of [
    [HOST_A, a.url, a.tls, 5000],
    [HOST_C, fleet.hosts['fleet-c'].url, fleet.hosts['fleet-c'].tls, 5000],
    [HOST_P, proxy.url, a.tls, 1500],
  ] as const) {
    const res = await api.post<{ id: string }>('/api/v1/hosts', {
      token: users.admin.token,
      body: { name, url, ...(tls ? { tls } : {}), timeoutMs },
    });
    expect(res.status, res.text).toBe(201);
    hostIds[name] = res.json.id;
  }
  await run(engines.a, names.known, KNOWN_SCRIPT, { wait: true });
  await run(engines.a, names.tty, `printf 'tty one\\ntty two\\n'`, {
    tty: true,
    wait: true,
    log: { Type: 'json-file', Config: {} },
  });
  await run(engines.a, names.nolog, 'true', { wait: true, log: { Type: 'none', Config: {} } });
  await run(engines.a, names.ticker, 'i=0; while true; do echo "live $i"; i=$((i+1)); sleep 0.1; done');
  for (const [docker, who] of [
    [engines.a, 'a'],
    [engines.c, 'c'],
  ] as const) {
    await run(docker, svcContainer, SERVICE_SCRIPT, {
      env: [`WHO=${who}`, `TAG=${TAG}`],
      labels: { 'wharf.service': names.svc },
    });
  }
  for (const [name, hosts] of [
    [names.svc, [HOST_A, HOST_C]],
    [names.svcDown, [HOST_A, HOST_P]],
  ] as const) {
    const res = await api.post<ApiError>('/api/v1/services', {
      token: users.operator.token,
      body: { name, hosts, image: APP, containerName: svcContainer, requiresApproval: false },
    });
    expect(res.status, res.text).toBe(201);
    services.push(name);
  }
}, 120_000);

afterAll(async () => {
  const db = await getDb();
  for (const name of services) {
    await db.deleteFrom('releases').where('service_name', '=', name).execute();
    await api.delete(`/api/v1/services/${name}`, { token: users.admin.token });
  }
  for (const { docker, name } of created)
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
  await deleteHostRows([HOST_A, HOST_C, HOST_P]);
  await proxy?.stop();
}, 60_000);

describe('a container log as Server-Sent Events', () => {
  it('decodes known output: a 1 MiB line cut at 64 KiB, invalid UTF-8, ANSI and HTML as text, stdout and stderr', async () => {
    const s = await readAll(HOST_A, names.known, { tail: 'all' });
    expect(s.ended).toBe('the container stopped');
    expect(s.errors).toEqual([]);
    // stdout and stderr are two pipes copied apart: a stderr line may be stored between the 16 KiB
    // parts of a long stdout line. Order holds within each stream.
    const out = s.lines.filter((l) => l.stream === 'stdout');
    const t = texts(out);
    expect(t[0]).toBe('plain line one');
    const long = out[1] as TLogLine;
    expect(long.text).toBe('x'.repeat(64 * 1024));
    // What was dropped, counted in the bytes the engine stored (a few timestamps of 16 KiB parts too).
    expect(long.cut).toBeGreaterThanOrEqual(1024 * 1024 - 64 * 1024);
    expect(long.cut).toBeLessThan(1024 * 1024 - 64 * 1024 + 64 * 40);
    expect(t[2]).toBe('bad \uFFFD\uFFFD bytes');
    expect(t[3]).toBe('\u001b[1;31mred alert\u001b[0m normal');
    expect(t[4]).toBe('<img src=x onerror=alert(1)>');
    expect(t[5]).toBe('<script>alert(2)</script>');
    expect(t.slice(6, 11)).toEqual(['out 1', 'out 2', 'out 3', 'out 4', 'out 5']);
    expect(texts(s.lines.filter((l) => l.stream === 'stderr'))).toEqual([
      'err 1',
      'err 2',
      'err 3',
      'err 4',
      'err 5',
    ]);
    expect(t.at(-1)).toBe('last line');
    expect(s.lines.every((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(l.ts))).toBe(true);
    // The container's Docker events are markers: it started, and exited with code 0.
    expect(s.markers.map((m) => m.kind)).toEqual(expect.arrayContaining(['start', 'die']));
    expect(s.markers.find((m) => m.kind === 'die')).toMatchObject({ exitCode: 0, host: HOST_A });
  });

  it('reads a TTY container raw stream', async () => {
    const s = await readAll(HOST_A, names.tty);
    expect(s.lines.map((l) => [l.stream, l.text])).toEqual([
      ['stdout', 'tty one'],
      ['stdout', 'tty two'],
    ]);
  });

  it('honours tail, since/until and stream', async () => {
    const all = (await readAll(HOST_A, names.known, { tail: 'all' })).lines;
    expect(texts((await readAll(HOST_A, names.known, { tail: '2' })).lines)).toEqual([
      texts(all).at(-2),
      'last line',
    ]);
    expect(texts((await readAll(HOST_A, names.known, { stream: 'stderr' })).lines)).toEqual(
      [1, 2, 3, 4, 5].map((i) => `err ${i}`),
    );
    const at = (text: string) => all.find((l) => l.text === text)?.ts as string;
    const ranged = texts(
      (await readAll(HOST_A, names.known, { tail: 'all', since: at('out 2'), until: at('out 4') })).lines,
    );
    // Times are taken to the millisecond: `out 4` is in only if its time is a whole millisecond.
    expect(ranged.slice(0, 4).sort()).toEqual(['err 2', 'err 3', 'out 2', 'out 3']);
    expect(ranged).not.toContain('err 4');
    expect(ranged).not.toContain('err 1');
  });

  it('sends new lines as they are written', async () => {
    const opened = new Date().toISOString();
    const s = await openStream(CONTAINER_LOGS, { host: HOST_A, id: names.ticker }, { tail: '0' });
    try {
      await expect
        .poll(() => s.lines.filter((l) => l.ts > opened).length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(5);
      const n = s.lines.map((l) => Number(l.text.replace('live ', '')));
      expect(n).toEqual(n.map((_, i) => (n[0] as number) + i));
    } finally {
      s.abort();
    }
  });

  it('downloads the range as plain text, audited with the line count', async () => {
    const { res } = await request(
      CONTAINER_LOGS,
      { host: HOST_A, id: names.known },
      { tail: 'all' },
      { authorization: `Bearer ${users.viewer.token}` },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="${HOST_A}-${names.known}.log"`,
    );
    const body = await res.text();
    const lines = body.trimEnd().split('\n');
    expect(lines).toHaveLength(17);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z plain line one$/);
    // A stderr line may be stored between the parts of the long stdout line (two pipes).
    expect(lines.find((l) => l.includes(' xxxx'))).toMatch(/ x{65536} \[… 98\d{4} bytes cut\]$/);
    expect(lines.filter((l) => l.endsWith(' <img src=x onerror=alert(1)>'))).toHaveLength(1);
    await expect
      .poll(async () => (await auditRows({ actor: users.viewer.username, action: 'logs.download' }))[0])
      .toMatchObject({ result: 'ok', target: `container:${HOST_A}/${names.known}` });
    const row = (await auditRows({ actor: users.viewer.username, action: 'logs.download' }))[0];
    expect(JSON.parse(row?.detail ?? '{}')).toMatchObject({ lines: 17, complete: true, tail: 'all' });
  });

  it('closes the engine connection of every stream the client leaves: 200 streams, no connection left', async () => {
    const once = async (check = false) => {
      const s = await openStream(CONTAINER_LOGS, { host: HOST_P, id: names.ticker }, { tail: '1' });
      await expect.poll(() => s.lines.length, { timeout: 10_000, interval: 10 }).toBeGreaterThan(0);
      if (check) expect(proxy.openConnections).toBeGreaterThan(0);
      s.abort();
      await expect.poll(() => s.closed, { timeout: 5000, interval: 10 }).toBe(true);
    };
    // The first streams open the host's client, its keep-alive connection and its event stream.
    for (let i = 0; i < 3; i++) await once(i === 0);
    const open = () => {
      dropIdleConnections(hostIds[HOST_P] as string);
      return proxy.openConnections;
    };
    // What stays open between streams: the host's shared Docker event stream.
    await expect.poll(open, { timeout: 5000 }).toBe(1);
    const start = proxy.openConnections;
    const before = proxy.connections;
    for (let i = 0; i < 200; i++) await once();
    expect(proxy.connections - before).toBeGreaterThanOrEqual(200);
    // Idle keep-alive connections are the client's pool, not streams: `open` closes them first.
    await expect.poll(open, { timeout: 10_000 }).toBe(start);
  }, 180_000);
});

describe('a service log merged across hosts', () => {
  it('streams every container of the service in time order, with sources and markers', async () => {
    const opened = new Date().toISOString();
    const s = await openStream(SERVICE_LOGS, { name: names.svc }, { tail: '20' });
    try {
      await expect.poll(() => s.sources.length, { timeout: 15_000 }).toBeGreaterThan(0);
      expect((s.sources[0] as TLogSource[]).map((c) => [c.host, c.name, c.state]).sort()).toEqual([
        [HOST_A, svcContainer, 'running'],
        [HOST_C, svcContainer, 'running'],
      ]);
      const liveFrom = (host: string) => s.lines.filter((l) => l.host === host && l.ts > opened).length;
      await expect
        .poll(() => Math.min(liveFrom(HOST_A), liveFrom(HOST_C)), { timeout: 15_000 })
        .toBeGreaterThan(3);
      expect(s.lines.every((l) => l.container === svcContainer)).toBe(true);
      expect(isSorted(s.lines)).toBe(true);
      expect(s.errors).toEqual([]);

      // A restart of one container is a marker, and its new lines join the stream.
      const restartedAt = new Date().toISOString();
      await engines.c.getContainer(svcContainer).restart({ t: 5 });
      await expect
        .poll(() => s.markers.filter((m) => m.host === HOST_C && m.ts >= restartedAt).map((m) => m.kind), {
          timeout: 15_000,
        })
        .toEqual(expect.arrayContaining(['die', 'start', 'restart']));
      await expect
        .poll(
          () =>
            s.lines.filter((l) => l.host === HOST_C && l.ts > restartedAt && l.text === `c-${TAG} tick 2`)
              .length,
          {
            timeout: 15_000,
          },
        )
        .toBe(1);

      // A release of the service, written by any instance, shows within a poll of the database.
      const db = await getDb();
      const record = await db
        .selectFrom('services')
        .selectAll()
        .where('name', '=', names.svc)
        .executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      const release = {
        id: newId(),
        service_id: record.id,
        service_name: record.name,
        number: 1,
        kind: 'deploy',
        status: 'succeeded',
        tag: '8b41d07',
        digest: `sha256:${'a'.repeat(64)}`,
        image: `${APP}:8b41d07`,
        git_revision: null,
        config: '{}',
        secret_env_enc: null,
        config_hash: 'sha256:test',
        note: '',
        hotfix: 0,
        requested_by: 'logs-test',
        requested_by_id: null,
        requested_at: now,
        approved_by: null,
        approved_at: null,
        approval_expires_at: null,
        approval_used: 0,
        rejected_by: null,
        reject_reason: null,
        cancelled_by: null,
        rollback_to_id: null,
        started_at: now,
        finished_at: new Date(Date.now() + 1).toISOString(),
        message: 'deployed 8b41d07',
        updated_at: now,
      };
      await db.insertInto('releases').values(release).execute();
      await db
        .insertInto('releases')
        .values({
          ...release,
          id: newId(),
          number: 2,
          kind: 'rollback',
          status: 'running',
          finished_at: null,
        })
        .execute();
      await expect
        .poll(() => s.markers.filter((m) => m.releaseId).map((m) => [m.kind, m.message]), { timeout: 10_000 })
        .toEqual(
          expect.arrayContaining([
            ['release', 'release #1 8b41d07 started'],
            ['release', 'release #1 8b41d07 succeeded: deployed 8b41d07'],
            ['rollback', 'rollback #2 8b41d07 started'],
          ]),
        );
      expect(isSorted(s.lines)).toBe(true);
    } finally {
      s.abort();
    }
  }, 90_000);

  it('goes on with the other hosts when one does not answer, naming it', async () => {
    proxy.mode = 'blackhole';
    try {
      const s = await openStream(SERVICE_LOGS, { name: names.svcDown }, { tail: '5' });
      try {
        await expect.poll(() => s.errors.join('\n'), { timeout: 15_000 }).toContain(HOST_P);
        expect(s.sources[0]?.map((c) => c.host)).toEqual([HOST_A]);
        await expect
          .poll(() => s.lines.filter((l) => l.host === HOST_A).length, { timeout: 10_000 })
          .toBeGreaterThan(5);
      } finally {
        s.abort();
      }
    } finally {
      proxy.mode = 'forward';
    }
  }, 60_000);

  it('downloads the merged range as `ts host/container text`, audited', async () => {
    const since = String(Math.floor(Date.now() / 1000) - 120);
    const { res } = await request(
      SERVICE_LOGS,
      { name: names.svc },
      { since, tail: 'all' },
      { authorization: `Bearer ${users.viewer.token}` },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${names.svc}.log"`);
    const lines = (await res.text()).trimEnd().split('\n');
    const parsed = lines.map((l) => /^(\S+) ([^/\s]+)\/(\S+) (.*)$/.exec(l));
    expect(parsed.every((m) => m !== null)).toBe(true);
    expect(new Set(parsed.map((m) => m?.[2]))).toEqual(new Set([HOST_A, HOST_C]));
    expect(parsed.some((m) => m?.[4] === `NEEDLE-${TAG}-a`)).toBe(true);
    const keys = parsed.map((m) => tsKey(m?.[1] ?? ''));
    expect(keys).toEqual([...keys].sort());
    await expect
      .poll(async () => (await auditRows({ actor: users.viewer.username, action: 'logs.download' }))[0])
      .toMatchObject({ result: 'ok', target: `service:${names.svc}` });
    const row = (await auditRows({ actor: users.viewer.username, action: 'logs.download' }))[0];
    expect(JSON.parse(row?.detail ?? '{}')).toMatchObject({ lines: lines.length, complete: true });
  });
});

describe('log search', () => {
  it('finds a line with its context across the service', async () => {
    const res = await api.get<TLogSearchResult>(`/api/v1/services/${names.svc}/logs/search`, {
      token: users.viewer.token,
      query: { q: `needle-${TAG}-a` },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.matches).toHaveLength(1);
    const m = res.json.matches[0];
    expect(m).toMatchObject({ host: HOST_A, container: svcContainer, line: { text: `NEEDLE-${TAG}-a` } });
    expect(texts(m?.before ?? [])).toEqual(['ctx-1 a', 'ctx-2 a']);
    expect(texts(m?.after ?? [])).toEqual(['ctx-3 a', 'ctx-4 a']);
    expect(res.json.truncated).toBe(false);
    expect(res.json.searched.map((x) => [x.host, x.container, x.error]).sort()).toEqual([
      [HOST_A, svcContainer, undefined],
      [HOST_C, svcContainer, undefined],
    ]);
    expect(res.json.searched.every((x) => x.lines > 5)).toBe(true);
    expect(Date.parse(res.json.until) - Date.parse(res.json.since)).toBe(15 * 60 * 1000);
  });

  it('finds a line by a regular expression across a host, newest last, within the limit', async () => {
    const res = await api.get<TLogSearchResult>(`/api/v1/hosts/${HOST_A}/logs/search`, {
      token: users.viewer.token,
      query: { q: `^NEEDLE-${TAG}-[ac]$`, regex: 'true', context: '1' },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.matches.map((m) => [m.container, m.line.text, texts(m.before), texts(m.after)])).toEqual([
      [svcContainer, `NEEDLE-${TAG}-a`, ['ctx-2 a'], ['ctx-3 a']],
    ]);
    const searched = res.json.searched.map((x) => x.container);
    expect(searched).toEqual(expect.arrayContaining([svcContainer, names.known, names.ticker]));
    const ticks = await api.get<TLogSearchResult>(`/api/v1/hosts/${HOST_A}/logs/search`, {
      token: users.viewer.token,
      query: { q: `^a-${TAG} tick \\d+$`, regex: 'true', limit: '3', context: '0' },
    });
    expect(ticks.json.truncated).toBe(true);
    expect(ticks.json.matches).toHaveLength(3);
    const n = ticks.json.matches.map((m) => Number(m.line.text.split(' ').at(-1)));
    expect(n).toEqual([...n].sort((x, y) => x - y));
  });

  it('refuses an unsafe regex, a window over the maximum and a missing query with 400', async () => {
    const get = (path: string, query: Record<string, string>) =>
      api.get<ApiError>(path, { token: users.viewer.token, query });
    const svc = `/api/v1/services/${names.svc}/logs/search`;
    const host = `/api/v1/hosts/${HOST_A}/logs/search`;
    for (const q of ['(a+)+$', '(x*)*y', '(a)\\1']) {
      const res = await get(svc, { q, regex: 'true' });
      expect(res.status, q).toBe(400);
      expect(res.json.error.message).toMatch(/nested quantifiers|backreferences/);
    }
    expect((await get(host, { q: 'x'.repeat(201), regex: 'true' })).status).toBe(400);
    const now = Math.floor(Date.now() / 1000);
    const wide = await get(host, { q: 'x', since: String(now - 25 * 3600), until: String(now) });
    expect(wide.status).toBe(400);
    expect(wide.json.error.message).toMatch(/at most 24 hours/);
    expect((await get(host, {})).status).toBe(400);
  });
});

describe('log settings', () => {
  it('lists each container’s driver with unbounded and unreadable logs flagged, per host and fleet-wide', async () => {
    const res = await api.get<THostLogSettings>(`/api/v1/hosts/${HOST_A}/log-settings`, {
      token: users.viewer.token,
    });
    expect(res.status, res.text).toBe(200);
    const byName = new Map(res.json.containers.map((c) => [c.name, c]));
    expect(byName.get(names.known)).toMatchObject<Partial<TContainerLogSettings>>({
      driver: 'json-file',
      options: { 'max-size': '10m' },
      unbounded: false,
      readable: { readable: true, message: null },
    });
    expect(byName.get(names.tty)).toMatchObject({ driver: 'json-file', options: {}, unbounded: true });
    expect(byName.get(names.nolog)).toMatchObject({
      driver: 'none',
      unbounded: false,
      readable: { readable: false, message: expect.stringMatching(/keeps no logs/) },
    });
    const fleetRes = await api.get<TFleetLogSettings>('/api/v1/log-settings', { token: users.viewer.token });
    expect(fleetRes.status).toBe(200);
    // Other containers come and go on the shared fleet: the counts hold at least these.
    const row = fleetRes.json.hosts.find((h) => h.host.name === HOST_A);
    expect(row).toMatchObject({ ok: true });
    expect(row?.containers).toBeGreaterThanOrEqual(5);
    expect(row?.unbounded).toBeGreaterThanOrEqual(1);
    expect(row?.unreadable).toBeGreaterThanOrEqual(1);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import Docker from 'dockerode';
import type { TRelease } from '@/lib/types/releases';
import type { TBackup } from '@/lib/types/volumes';
import { FLEET_DIR, fleetHost } from '../support/fleet';
import { signedInRequest } from '../support/session';
import { freePort, killOwnServer, logTail, type OwnServer, startOwnServer } from '../support/wharf-server';

// Wharf is SIGKILLed 20 times at random moments while a client releases a service, writes audit
// entries (tokens made and revoked, a container restarted) and takes backups. After each restart on the
// same data directory: the SQLite file passes its integrity check, every write the client saw
// acknowledged is there, no backup is left half-written, and every release the kill cut is ended by
// the reconcile. The spec runs Wharf servers of its own (the production build), never the shared one.

const KILLS = 20;
const APP = '127.0.0.1:5055/wharf-demo/app';
const BASE = '127.0.0.1:5055/wharf-demo/base:1.36';
const TAGS = ['8b41d07', '3f9c2a1'] as const;
const SEED = Number(process.env.WHARF_KILL_SEED ?? randomBytes(4).readUInt32BE(0));
const TAG = randomBytes(4).toString('hex');
const NAME = `kill-${TAG}`;
const TICKER = `kill-${TAG}-ticker`;
const VOLUME = `kill-${TAG}-data`;
/** A host port on fleet-c no other spec uses. */
const PORT = 33_200 + Math.floor(Math.random() * 100);
/** The release lease of the spec's servers: a cut release is reconciled once it runs out. */
const LEASE_SECONDS = 5;
/** The lease, the reconcile round and a verification of the service within its deadline. */
const RECONCILE_MS = 60_000;
const NON_TERMINAL = ['queued', 'running'];

/** mulberry32: the same seed gives the same kill moments and mix. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Acked =
  | { kind: 'token.create'; id: string; name: string }
  | { kind: 'token.revoke'; id: string }
  | { kind: 'restart' }
  | { kind: 'backup'; backup: TBackup }
  | { kind: 'release'; id: string };

const docker = new Docker({ socketPath: new URL(fleetHost('fleet-c').socket as string).pathname });
const secret = randomBytes(36).toString('base64url');
const password = randomBytes(18).toString('base64url');
let dataDir = '';
let port = 0;
let server: OwnServer | null = null;
let token = '';
const acked: Acked[] = [];
const unexpected: string[] = [];
/** Backup .partial files found after a restart. */
const staleParts: string[] = [];

const say = (text: string) => console.log(`[kill-wharf] ${text}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function serverOptions() {
  return {
    port,
    dataDir,
    secret,
    adminPassword: password,
    // A copy of the build may be given while the checkout is being rebuilt.
    ...(process.env.WHARF_E2E_APP_DIR ? { appDir: process.env.WHARF_E2E_APP_DIR } : {}),
    // Every backup the client saw made must stay: retention would remove older ones.
    env: { WHARF_BACKUP_KEEP: '100000', WHARF_RELEASE_LEASE_SECONDS: String(LEASE_SECONDS) },
  };
}

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

/** The database read-only, as the server runs on it (WAL lets a reader in). */
function withDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, 'wharf.db'), { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return fn(db);
  } finally {
    db.close();
  }
}

const backupRoot = () => path.join(dataDir, 'backups');

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

const sha256Of = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** One worker of the load: runs `step` until the cycle stops; a failed call after the kill is expected. */
async function worker(cycle: { stopped: boolean }, step: () => Promise<void>): Promise<void> {
  while (!cycle.stopped) {
    try {
      await step();
    } catch (error) {
      if (!cycle.stopped) unexpected.push(`a call failed while the server ran: ${(error as Error).message}`);
      return;
    }
  }
}

function note(what: string, status: number, json: unknown, cycle: { stopped: boolean }) {
  if (status >= 500 && !cycle.stopped) unexpected.push(`${what}: ${status} ${JSON.stringify(json)}`);
}

let tokenNumber = 0;
let tagNumber = 0;

/** Token made, previous token revoked, the ticker restarted: each acknowledged one is audited. */
function auditStep(cycle: { stopped: boolean }) {
  return async () => {
    const name = `kill-${TAG}-${++tokenNumber}`;
    const made = await call('POST', '/api/v1/tokens', { name, role: 'viewer' });
    note('token create', made.status, made.json, cycle);
    if (made.status === 201) acked.push({ kind: 'token.create', id: (made.json as { id: string }).id, name });
    const last = acked.filter((a) => a.kind === 'token.create').at(-2);
    if (
      last &&
      last.kind === 'token.create' &&
      !acked.some((a) => a.kind === 'token.revoke' && a.id === last.id)
    ) {
      const revoked = await call('DELETE', `/api/v1/tokens/${last.id}`);
      note('token revoke', revoked.status, revoked.json, cycle);
      if (revoked.status === 200) acked.push({ kind: 'token.revoke', id: last.id });
    }
    const restarted = await call('POST', `/api/v1/hosts/fleet-c/containers/${TICKER}/restart`);
    note('container restart', restarted.status, restarted.json, cycle);
    if (restarted.status === 200) acked.push({ kind: 'restart' });
  };
}

function backupStep(cycle: { stopped: boolean }) {
  return async () => {
    const res = await call('POST', `/api/v1/hosts/fleet-c/volumes/${VOLUME}/backups`, { note: 'kill' });
    note('backup', res.status, res.json, cycle);
    if (res.status === 201) acked.push({ kind: 'backup', backup: res.json as TBackup });
  };
}

/** Requests a release of the other tag and follows it to its end; a 409 (the service is busy) waits. */
function releaseStep(cycle: { stopped: boolean }) {
  return async () => {
    const tag = TAGS[tagNumber % 2] as string;
    const res = await call('POST', `/api/v1/services/${NAME}/releases`, { tag, note: 'kill' });
    note('release', res.status, res.json, cycle);
    if (res.status !== 201) {
      await sleep(300);
      return;
    }
    tagNumber++;
    const id = (res.json as TRelease).id;
    acked.push({ kind: 'release', id });
    while (!cycle.stopped) {
      const r = await call('GET', `/api/v1/releases/${id}`);
      if (r.status === 200 && !NON_TERMINAL.includes((r.json as TRelease).status)) return;
      await sleep(200);
    }
  };
}

/** Everything that must hold after a restart; a list of what does not. */
function checkAfterRestart(): string[] {
  const problems: string[] = [];
  withDb((db) => {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const fks = db.pragma('foreign_key_check') as unknown[];
    if (fks.length) problems.push(`foreign_key_check: ${JSON.stringify(fks)}`);
    const audits = (action: string, target: string) =>
      (
        db
          .prepare("SELECT count(*) AS n FROM audit_log WHERE action = ? AND target = ? AND result = 'ok'")
          .get(action, target) as { n: number }
      ).n;
    const count = (kind: Acked['kind']) => acked.filter((a) => a.kind === kind).length;
    for (const a of acked) {
      if (a.kind === 'token.create') {
        const row = db.prepare('SELECT name FROM api_tokens WHERE id = ?').get(a.id) as
          | { name: string }
          | undefined;
        if (row?.name !== a.name) problems.push(`token ${a.id} (${a.name}) is missing`);
        if (audits('tokens.create', `token:${a.name}`) !== 1)
          problems.push(`the audit entry of making ${a.name} is missing`);
      } else if (a.kind === 'token.revoke') {
        const row = db.prepare('SELECT revoked_at FROM api_tokens WHERE id = ?').get(a.id) as
          | { revoked_at: string | null }
          | undefined;
        if (!row?.revoked_at) problems.push(`token ${a.id} is not revoked`);
        if (audits('tokens.revoke', `token:${a.id}`) < 1)
          problems.push(`the audit entry of revoking ${a.id} is missing`);
      } else if (a.kind === 'backup') {
        const row = db.prepare('SELECT file, sha256, size FROM backups WHERE id = ?').get(a.backup.id) as
          | { file: string; sha256: string; size: number }
          | undefined;
        if (!row) {
          problems.push(`backup ${a.backup.id} is not in the index`);
          continue;
        }
        const file = path.join(backupRoot(), row.file);
        if (!fs.existsSync(file)) problems.push(`the file of backup ${a.backup.id} is gone`);
        else if (sha256Of(file) !== row.sha256 || row.sha256 !== a.backup.sha256)
          problems.push(`the file of backup ${a.backup.id} does not match its sha256`);
      } else if (a.kind === 'release') {
        if (!db.prepare('SELECT id FROM releases WHERE id = ?').get(a.id))
          problems.push(`release ${a.id} is missing`);
      }
    }
    const restarts = audits('containers.action', `container:fleet-c/${TICKER}`);
    if (restarts < count('restart'))
      problems.push(`${count('restart')} restarts were acknowledged, ${restarts} audited`);
    const backups = audits('volumes.backup', `volume:fleet-c/${VOLUME}`);
    if (backups < count('backup'))
      problems.push(`${count('backup')} backups were acknowledged, ${backups} audited`);
    const requests = audits('releases.request', `service:${NAME}`);
    if (requests < count('release'))
      problems.push(`${count('release')} releases were acknowledged, ${requests} audited`);
  });
  return problems;
}

function openReleases(): { id: string; number: number; status: string }[] {
  return withDb(
    (db) =>
      db
        .prepare(
          "SELECT id, number, status FROM releases WHERE status IN ('queued', 'running') ORDER BY number",
        )
        .all() as { id: string; number: number; status: string }[],
  );
}

function endedAs(id: string): string {
  return withDb(
    (db) => (db.prepare('SELECT status FROM releases WHERE id = ?').get(id) as { status: string }).status,
  );
}

/** Backup files on disk that the index does not know (cut between the rename and the index write). */
function unindexedBackups(): string[] {
  const known = withDb(
    (db) => new Set((db.prepare('SELECT file FROM backups').all() as { file: string }[]).map((r) => r.file)),
  );
  return filesUnder(backupRoot()).filter((f) => !f.endsWith('.partial') && !known.has(f));
}

const serviceContainers = () =>
  docker.listContainers({ all: true, filters: { label: [`wharf.service=${NAME}`] } });

test.afterAll(async () => {
  if (server) await killOwnServer(server);
  for (const c of await serviceContainers().catch(() => []))
    await docker
      .getContainer(c.Id)
      .remove({ force: true })
      .catch(() => undefined);
  await docker
    .getContainer(TICKER)
    .remove({ force: true })
    .catch(() => undefined);
  // Helper containers of backups cut by a kill still hold the volume.
  for (const c of await docker.listContainers({ all: true, filters: { volume: [VOLUME] } }))
    await docker.getContainer(c.Id).remove({ force: true });
  await docker
    .getVolume(VOLUME)
    .remove()
    .catch(() => undefined);
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('Wharf killed 20 times during releases, audit writes and backups keeps every acknowledged write', async () => {
  test.setTimeout(14 * 60_000);
  const random = prng(SEED);
  say(`seed ${SEED} (set WHARF_KILL_SEED=${SEED} to repeat the kill moments and mix)`);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-kill-'));
  port = await freePort();
  server = await startOwnServer(serverOptions());

  const session = await signedInRequest(server.origin, 'admin', password);
  const made = await session.post('/api/v1/tokens', { data: { name: 'kill-spec', role: 'admin' } });
  expect(made.status(), await made.text()).toBe(201);
  token = ((await made.json()) as { token: string }).token;
  await session.dispose();

  // What the load works on: fleet-c, the fleet registry, a small volume, a container to restart, a service.
  await docker.createVolume({ Name: VOLUME });
  const filler = await docker.createContainer({
    Image: BASE,
    Cmd: ['sh', '-c', 'for i in $(seq 1 50); do echo "line $i of a small volume" > /v/f$i; done'],
    HostConfig: { Mounts: [{ Type: 'volume', Source: VOLUME, Target: '/v' }] },
  });
  await filler.start();
  await filler.wait();
  await filler.remove();
  const ticker = await docker.createContainer({
    name: TICKER,
    Image: BASE,
    Cmd: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 0.2; done"],
  });
  await ticker.start();
  const c = fleetHost('fleet-c');
  expect((await call('POST', '/api/v1/hosts', { name: 'fleet-c', url: c.url })).status).toBe(201);
  const fleet = JSON.parse(fs.readFileSync(path.join(FLEET_DIR, 'fleet.json'), 'utf8')) as {
    registry: { url: string; username: string; passwordFile: string };
  };
  const registry = await call('POST', '/api/v1/registries', {
    name: 'fleet-registry',
    url: fleet.registry.url,
    username: fleet.registry.username,
    password: fs.readFileSync(fleet.registry.passwordFile, 'utf8').trim(),
  });
  expect(registry.status, JSON.stringify(registry.json)).toBe(201);
  const service = await call('POST', '/api/v1/services', {
    name: NAME,
    hosts: ['fleet-c'],
    image: APP,
    ports: [{ host: PORT, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
    healthcheck: { type: 'http', path: '/health', port: 8080, startPeriodSeconds: 0, deadlineSeconds: 15 },
    requiresApproval: false,
    stopTimeoutSeconds: 1,
  });
  expect(service.status, JSON.stringify(service.json)).toBe(201);

  const started = Date.now();
  const summary: string[] = [];
  for (let kill = 1; kill <= KILLS; kill++) {
    const delay = Math.round(500 + random() * 5500);
    // Releases run in most rounds; the others leave the kill to fall among audit writes and backups only.
    const withRelease = random() < 0.7;
    const cycle = { stopped: false };
    const before = acked.length;
    const workers = [worker(cycle, auditStep(cycle)), worker(cycle, backupStep(cycle))];
    if (withRelease) workers.push(worker(cycle, releaseStep(cycle)));
    await sleep(delay);
    const live = server;
    cycle.stopped = true;
    await killOwnServer(live);
    server = null;
    await Promise.all(workers);

    const restartedAt = Date.now();
    server = await startOwnServer(serverOptions());
    const problems = checkAfterRestart();
    expect(problems, `after kill ${kill} (seed ${SEED}):\n${problems.join('\n')}`).toEqual([]);

    // A cut backup leaves a .partial file; none may outlive the server's start. Collected, so that the
    // other checks still run after every kill; asserted at the end.
    await sleep(1000);
    for (const f of filesUnder(backupRoot()).filter((x) => x.endsWith('.partial')))
      if (!staleParts.some((p) => p.endsWith(f))) staleParts.push(`after kill ${kill}: ${f}`);

    const cut = openReleases();
    await expect
      .poll(() => openReleases().map((r) => `#${r.number} ${r.status}`), {
        timeout: RECONCILE_MS,
        intervals: [500],
        message: `releases still queued or running ${RECONCILE_MS / 1000} s after restart ${kill} (seed ${SEED})`,
      })
      .toEqual([]);
    const line = `kill ${kill}: after ${delay} ms${withRelease ? ' with a release' : ''}; ${acked.length - before} writes acknowledged; ${cut.length ? `release ${cut.map((r) => `#${r.number} ${r.status} -> ${endedAs(r.id)}`).join(', ')} ended in ${Math.round((Date.now() - restartedAt) / 1000)} s` : 'no release open'}`;
    summary.push(line);
    say(line);
  }
  const orphans = unindexedBackups();
  say(
    `${KILLS} kills in ${Math.round((Date.now() - started) / 1000)} s; acknowledged: ${acked.length} writes ` +
      `(${['token.create', 'token.revoke', 'restart', 'backup', 'release'].map((k) => `${acked.filter((a) => a.kind === k).length} ${k}`).join(', ')}); ` +
      `backup files with no index entry: ${orphans.length}`,
  );
  expect(unexpected, unexpected.join('\n')).toEqual([]);
  expect.soft(staleParts, `backup .partial files left after a restart (seed ${SEED})`).toEqual([]);

  // The service ends as one running container of a release that succeeded.
  const last = await call('POST', `/api/v1/services/${NAME}/releases`, { tag: TAGS[0] });
  expect(last.status, JSON.stringify(last.json)).toBe(201);
  const lastId = (last.json as TRelease).id;
  await expect
    .poll(async () => ((await call('GET', `/api/v1/releases/${lastId}`)).json as TRelease).status, {
      timeout: 90_000,
      intervals: [300],
    })
    .toBe('succeeded');
  const running = (await serviceContainers()).filter((x) => x.State === 'running');
  expect(
    running.map((x) => `${x.Names[0]} ${x.Labels['wharf.release']}`),
    `${summary.join('\n')}\n${server ? logTail(server.log) : ''}`,
  ).toEqual([`/${NAME} ${lastId}`]);
  const served = await fetch(`http://127.0.0.1:${PORT}/version`, { signal: AbortSignal.timeout(2000) });
  expect((await served.text()).trim()).toBe(TAGS[0]);
});

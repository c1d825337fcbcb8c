import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TBackup } from '@/lib/types/volumes';
import { type ApiError, api } from './support/api';
import { deleteHostRows } from './support/db';
import { engine, loadFleet, repairEngine } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';

// This file stops fleet-b's engine in the middle of a backup and starts it again afterwards.
const fleet = loadFleet();
const HOST = uniqueName('vol-cut');
const VOLUME = uniqueName('vol-big');
const BASE = '127.0.0.1:5055/wharf-demo/base:1.36';
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;
const backupDir = () => path.join(process.env.WHARF_DATA_DIR as string, 'backups', HOST, VOLUME);
const filesLeft = () => (fs.existsSync(backupDir()) ? fs.readdirSync(backupDir()) : []);

function dockerdPid(): number {
  return Number(fs.readFileSync(path.join(fleet.dir, 'fleet-b', 'dockerd.pid'), 'utf8').trim());
}

beforeAll(async () => {
  users = await makeRoleUsers('volcut');
  const h = fleet.hosts['fleet-b'];
  const res = await api.post('/api/v1/hosts', {
    token: users.admin.token,
    body: { name: HOST, url: h.url, tls: h.tls ?? undefined },
  });
  expect(res.status, res.text).toBe(201);
  const docker = engine('fleet-b');
  await docker.createVolume({ Name: VOLUME });
  // Random data does not compress, so the backup takes long enough to be cut in the middle.
  const c = await docker.createContainer({
    Image: BASE,
    Cmd: ['sh', '-c', 'head -c 400000000 /dev/urandom > /v/big && echo small > /v/small'],
    HostConfig: { Mounts: [{ Type: 'volume', Source: VOLUME, Target: '/v' }] },
  });
  await c.start();
  expect(((await c.wait()) as { StatusCode: number }).StatusCode).toBe(0);
  await c.remove();
}, 120_000);

afterAll(async () => {
  repairEngine('fleet-b');
  const docker = engine('fleet-b');
  // The helper of the cut backup could not be removed while the engine was down.
  for (const c of await docker.listContainers({ all: true, filters: { volume: [VOLUME] } }))
    await docker.getContainer(c.Id).remove({ force: true });
  await docker.getVolume(VOLUME).remove();
  await deleteHostRows([HOST]);
}, 200_000);

it('a backup cut by the engine stopping leaves no file and no indexed backup', async () => {
  const answer = api.post<ApiError>(`/api/v1/hosts/${HOST}/volumes/${VOLUME}/backups`, {
    token: users.operator.token,
    body: { note: 'cut short' },
  });
  // Wait until the archive is flowing into the partial file, then stop the engine hard.
  await expect
    .poll(
      () =>
        filesLeft().some(
          (f) => f.endsWith('.partial') && fs.statSync(path.join(backupDir(), f)).size > 1_000_000,
        ),
      { timeout: 30_000, interval: 20 },
    )
    .toBe(true);
  process.kill(dockerdPid(), 'SIGKILL');

  const res = await answer;
  expect([502, 504]).toContain(res.status);
  expect(res.json.error.message).toMatch(/the backup of .* failed and nothing was kept/);
  expect(filesLeft()).toEqual([]);
  const list = await api.get<TBackup[]>(`/api/v1/hosts/${HOST}/volumes/${VOLUME}/backups`, {
    token: users.viewer.token,
  });
  expect(list.status).toBe(200);
  expect(list.json).toEqual([]);
}, 120_000);

it('a backup on a host that is down fails at once with a clear error', async () => {
  const res = await api.post<ApiError>(`/api/v1/hosts/${HOST}/volumes/${VOLUME}/backups`, {
    token: users.operator.token,
    body: {},
  });
  expect(res.status).toBe(502);
  expect(res.json.error.message).toMatch(/connection refused|not answer|unreachable/i);
  expect(filesLeft()).toEqual([]);
});

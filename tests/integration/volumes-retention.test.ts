import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TBackup } from '@/lib/types/volumes';
import { api } from './support/api';
import { deleteHostRows } from './support/db';
import { engine, loadFleet } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';

// The server reads its settings on first use, which comes after this line.
process.env.WHARF_BACKUP_KEEP = '2';

const fleet = loadFleet();
const HOST = uniqueName('vol-keep');
const VOLUME = uniqueName('vol-kept');
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;

beforeAll(async () => {
  users = await makeRoleUsers('volkeep');
  const res = await api.post('/api/v1/hosts', {
    token: users.admin.token,
    body: { name: HOST, url: fleet.hosts['fleet-c'].url },
  });
  expect(res.status, res.text).toBe(201);
  await engine('fleet-c').createVolume({ Name: VOLUME, Labels: { 'wharf.protected': 'true' } });
});

afterAll(async () => {
  await engine('fleet-c')
    .getVolume(VOLUME)
    .remove()
    .catch(() => undefined);
  await deleteHostRows([HOST]);
  delete process.env.WHARF_BACKUP_KEEP;
});

it('keeps the newest WHARF_BACKUP_KEEP backups of a volume and removes older ones with their files', async () => {
  const taken: TBackup[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await api.post<TBackup>(`/api/v1/hosts/${HOST}/volumes/${VOLUME}/backups`, {
      token: users.operator.token,
      body: { note: `round ${i}` },
    });
    expect(res.status, res.text).toBe(201);
    taken.push(res.json);
  }
  const list = await api.get<TBackup[]>(`/api/v1/hosts/${HOST}/volumes/${VOLUME}/backups`, {
    token: users.viewer.token,
  });
  expect(list.json.map((b) => b.note)).toEqual(['round 2', 'round 1']);
  const dir = path.join(process.env.WHARF_DATA_DIR as string, 'backups', HOST, VOLUME);
  expect(fs.readdirSync(dir)).toHaveLength(2);
  expect(fs.readdirSync(dir).some((f) => f.includes(taken[0]?.id as string))).toBe(false);
  const gone = await api.get(`/api/v1/backups/${taken[0]?.id}/download`, { token: users.operator.token });
  expect(gone.status).toBe(404);
});

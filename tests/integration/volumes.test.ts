import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  TBackup,
  TFleetVolumes,
  THostVolumes,
  TRestoreResult,
  TVolumeDeleteResult,
  TVolumeDetail,
  TVolumeProtection,
  TVolumePrunePreview,
  TVolumePruneResult,
  TVolumeSizes,
} from '@/lib/types/volumes';
import { type ApiError, api } from './support/api';
import { auditRows, deleteHostRows } from './support/db';
import { engine, loadFleet } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';

const fleet = loadFleet();
const HOST = uniqueName('vol-a');
const docker = engine('fleet-a');
const BASE = '127.0.0.1:5055/wharf-demo/base:1.36';
const V = {
  data: uniqueName('vol-data'),
  label: uniqueName('vol-label'),
  used: uniqueName('vol-used'),
  running: uniqueName('vol-running'),
  restored: uniqueName('vol-restored'),
};
const made = { volumes: new Set<string>(), containers: new Set<string>() };
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;

const volumePath = (name: string, rest = '') => `/api/v1/hosts/${HOST}/volumes/${name}${rest}`;

/** Runs a command in a busybox container with the volume at /v and answers its output. */
async function inVolume(volume: string, script: string): Promise<string> {
  const c = await docker.createContainer({
    Image: BASE,
    Cmd: ['sh', '-c', script],
    Tty: true,
    HostConfig: { Mounts: [{ Type: 'volume', Source: volume, Target: '/v' }] },
  });
  try {
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    const out = (await c.logs({ stdout: true, stderr: true })).toString('utf8');
    if (StatusCode !== 0) throw new Error(`${script} exited ${StatusCode}: ${out}`);
    return out.replace(/\r/g, '');
  } finally {
    await c.remove({ force: true });
  }
}

/** Checksums of every file with its mode and owner, and every directory and link, taken inside a container. */
const fingerprint = (volume: string) =>
  inVolume(
    volume,
    'cd /v && find . -type f -exec md5sum {} + | sort && find . | sort && ls -lnR . | grep -v "^total" | awk \'{print $1, $3, $4, $5, $NF}\'',
  );

async function makeVolume(name: string, labels: Record<string, string> = {}): Promise<void> {
  await docker.createVolume({ Name: name, Labels: labels });
  made.volumes.add(name);
}

async function makeContainer(volume: string, start: boolean): Promise<string> {
  const name = uniqueName('vol-user');
  const c = await docker.createContainer({
    name,
    Image: BASE,
    Cmd: ['sleep', '3600'],
    HostConfig: { Mounts: [{ Type: 'volume', Source: volume, Target: '/data' }] },
  });
  made.containers.add(name);
  if (start) await c.start();
  else {
    await c.start();
    await c.stop({ t: 0 });
  }
  return name;
}

/** The host's inventory once it shows what `ready` waits for (the volume list is cached briefly). */
async function inventory(ready: (v: THostVolumes) => boolean): Promise<THostVolumes> {
  let last: THostVolumes | undefined;
  await expect
    .poll(
      async () => {
        const res = await api.get<THostVolumes>(`/api/v1/hosts/${HOST}/volumes`, {
          token: users.viewer.token,
        });
        last = res.json;
        return res.status === 200 && ready(res.json);
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBe(true);
  return last as THostVolumes;
}

async function exists(name: string): Promise<boolean> {
  return docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

beforeAll(async () => {
  users = await makeRoleUsers('vol');
  const h = fleet.hosts['fleet-a'];
  const res = await api.post('/api/v1/hosts', {
    token: users.admin.token,
    body: { name: HOST, url: h.url, tls: h.tls ?? undefined },
  });
  expect(res.status, res.text).toBe(201);
  await makeVolume(V.data);
  await inVolume(
    V.data,
    'mkdir -p /v/sub/deeper && echo hello > /v/a.txt && head -c 300000 /dev/urandom > /v/sub/blob && ln -s a.txt /v/link && chmod 640 /v/a.txt && chown 1234:2345 /v/sub/blob && touch "/v/sub/deeper/name with spaces"',
  );
  await makeVolume(V.label, { 'wharf.protected': 'true' });
  await makeVolume(V.used);
  await makeVolume(V.running);
  await makeContainer(V.used, false);
  await makeContainer(V.running, true);
});

afterAll(async () => {
  for (const name of made.containers)
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
  for (const name of made.volumes)
    await docker
      .getVolume(name)
      .remove()
      .catch(() => undefined);
  await deleteHostRows([HOST]);
});

describe('the inventory', () => {
  it('lists each volume with its users, protection, data-only holders and orphans, without a disk-usage call', async () => {
    const inv = await inventory((v) =>
      Object.values(V)
        .slice(0, 4)
        .every((n) => v.volumes.some((x) => x.name === n)),
    );
    const by = (name: string) => inv.volumes.find((v) => v.name === name);
    expect(by(V.label)?.protection).toMatchObject({ protected: true, source: 'label' });
    expect(by(V.data)).toMatchObject({
      orphan: true,
      users: [],
      anonymous: false,
      driver: 'local',
      size: null,
    });
    expect(by(V.used)?.users).toEqual([
      expect.objectContaining({ state: 'exited', destination: '/data', readOnly: false, dataOnly: false }),
    ]);
    expect(by(V.running)?.users[0]?.state).toBe('running');
    // The seeded data-only container `data-store` (created, never started) holds demo-data.
    expect(by('demo-data')).toMatchObject({ heldBy: ['data-store'], orphan: false });
    expect(by('demo-data')?.users[0]).toMatchObject({ name: 'data-store', dataOnly: true });
    expect(by(V.data)?.createdAt).not.toBeNull();
    expect(inv.sizes.status).toBe('none');
  });

  it('answers the fleet inventory with every registered host', async () => {
    const res = await api.get<TFleetVolumes>('/api/v1/volumes', { token: users.viewer.token });
    expect(res.status, res.text).toBe(200);
    expect(res.json.hosts.find((h) => h.host.name === HOST)).toMatchObject({ ok: true });
    expect(res.json.volumes.some((v) => v.host.name === HOST && v.name === V.data)).toBe(true);
    expect(res.json.backupWarnHours).toBeGreaterThan(0);
  });

  it('warns about a protected volume that has no backup', async () => {
    const inv = await inventory((v) => v.volumes.some((x) => x.name === V.label));
    expect(inv.volumes.find((v) => v.name === V.label)?.backupWarning).toMatch(/never backed up/);
    expect(inv.volumes.find((v) => v.name === V.data)?.backupWarning).toBeNull();
  });

  it('measures sizes on demand in the background and keeps them with their time', async () => {
    const started = await api.post<TVolumeSizes>(`/api/v1/hosts/${HOST}/volume-sizes`, {
      token: users.operator.token,
    });
    expect(started.status, started.text).toBe(202);
    expect(['running', 'done']).toContain(started.json.status);
    await expect
      .poll(
        async () =>
          (await api.get<TVolumeSizes>(`/api/v1/hosts/${HOST}/volume-sizes`, { token: users.viewer.token }))
            .json.status,
        { timeout: 60_000, interval: 250 },
      )
      .toBe('done');
    const inv = await inventory(() => true);
    const size = inv.volumes.find((v) => v.name === V.data)?.size;
    expect(size?.bytes).toBeGreaterThanOrEqual(300_000);
    expect(size?.at).toBe(inv.sizes.measuredAt);
    const viewer = await api.post(`/api/v1/hosts/${HOST}/volume-sizes`, { token: users.viewer.token });
    expect(viewer.status).toBe(403);
  });
});

describe('protection', () => {
  it('refuses to delete a volume protected by its label, for an admin too, until an admin lifts it', async () => {
    const refused = await api.delete<ApiError>(volumePath(V.label), {
      token: users.admin.token,
      query: { confirm: V.label, backup: 'false' },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/protected.*wharf\.protected=true.*lift/);
    expect(await exists(V.label)).toBe(true);

    const lead = await api.delete(volumePath(V.label, '/protection'), {
      token: users.lead.token,
      body: { reason: 'retired' },
    });
    expect(lead.status).toBe(403);
    const noReason = await api.delete<ApiError>(volumePath(V.label, '/protection'), {
      token: users.admin.token,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.message).toMatch(/reason/);

    const lifted = await api.delete<TVolumeProtection>(volumePath(V.label, '/protection'), {
      token: users.admin.token,
      body: { reason: 'the label was set by mistake' },
    });
    expect(lifted.status, lifted.text).toBe(200);
    expect(lifted.json).toEqual({
      protected: false,
      lifted: { reason: 'the label was set by mistake', by: users.admin.username, at: expect.any(String) },
    });
    const audit = await auditRows({ action: 'volumes.unprotect', actor: users.admin.username, result: 'ok' });
    expect(audit[0]?.target).toBe(`volume:${HOST}/${V.label}`);
    expect(audit[0]?.detail).toContain('the label was set by mistake');

    const deleted = await api.delete<TVolumeDeleteResult>(volumePath(V.label), {
      token: users.admin.token,
      query: { confirm: V.label, backup: 'false' },
    });
    expect(deleted.status, deleted.text).toBe(200);
    expect(deleted.json).toMatchObject({ deleted: true, backupId: null });
    expect(await exists(V.label)).toBe(false);
  });

  it('protects by record with a reason (lead), and refuses the delete until an admin lifts it', async () => {
    const operator = await api.post(volumePath(V.data, '/protection'), {
      token: users.operator.token,
      body: { reason: 'holds the ledger' },
    });
    expect(operator.status).toBe(403);
    const protect = await api.post<TVolumeProtection>(volumePath(V.data, '/protection'), {
      token: users.lead.token,
      body: { reason: 'holds the ledger' },
    });
    expect(protect.status, protect.text).toBe(200);
    expect(protect.json).toMatchObject({
      protected: true,
      source: 'record',
      reason: 'holds the ledger',
      by: users.lead.username,
    });
    expect((await auditRows({ action: 'volumes.protect', actor: users.lead.username }))[0]?.detail).toContain(
      'holds the ledger',
    );

    const refused = await api.delete<ApiError>(volumePath(V.data), {
      token: users.admin.token,
      query: { confirm: V.data },
    });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain('holds the ledger');
    expect(await exists(V.data)).toBe(true);

    const detail = await api.get<TVolumeDetail>(volumePath(V.data), { token: users.viewer.token });
    expect(detail.json.protection).toMatchObject({ protected: true, reason: 'holds the ledger' });

    const lift = await api.delete<TVolumeProtection>(volumePath(V.data, '/protection'), {
      token: users.admin.token,
      body: { reason: 'moving the ledger elsewhere' },
    });
    expect(lift.status, lift.text).toBe(200);
    expect(lift.json.protected).toBe(false);
    const again = await api.delete<ApiError>(volumePath(V.data, '/protection'), {
      token: users.admin.token,
      body: { reason: 'twice' },
    });
    expect(again.status).toBe(409);
  });

  it('refuses to delete a volume any container uses, running or stopped, naming the containers', async () => {
    for (const volume of [V.used, V.running]) {
      const res = await api.delete<ApiError & { error: { details: { containers: { name: string }[] } } }>(
        volumePath(volume),
        { token: users.admin.token, query: { confirm: volume } },
      );
      expect(res.status).toBe(409);
      const holder = [...made.containers].find((c) => res.json.error.message.includes(c));
      expect(holder, res.json.error.message).toBeDefined();
      expect(res.json.error.details.containers.map((c) => c.name)).toEqual([holder]);
      expect(await exists(volume)).toBe(true);
    }
    const held = await api.delete<ApiError>(`/api/v1/hosts/${HOST}/volumes/demo-data`, {
      token: users.admin.token,
      query: { confirm: 'demo-data' },
    });
    expect(held.status).toBe(409);
    expect(held.json.error.message).toContain('data-store');
  });

  it('needs the name typed back and an admin', async () => {
    const missing = await api.delete<ApiError>(volumePath(V.data), { token: users.admin.token });
    expect(missing.status).toBe(400);
    expect(missing.json.error.message).toContain(`type the volume's name (${V.data})`);
    const wrong = await api.delete(volumePath(V.data), {
      token: users.admin.token,
      query: { confirm: 'nope' },
    });
    expect(wrong.status).toBe(400);
    const lead = await api.delete(volumePath(V.data), {
      token: users.lead.token,
      query: { confirm: V.data },
    });
    expect(lead.status).toBe(403);
    expect(await exists(V.data)).toBe(true);
  });
});

describe('backups', () => {
  let before = '';
  let manual: TBackup;
  let preDelete = '';

  it('takes a backup on demand through a read-only helper, gzipped, checksummed and indexed', async () => {
    before = await fingerprint(V.data);
    const viewer = await api.post(volumePath(V.data, '/backups'), { token: users.viewer.token, body: {} });
    expect(viewer.status).toBe(403);
    const res = await api.post<TBackup>(volumePath(V.data, '/backups'), {
      token: users.operator.token,
      body: { note: 'before the upgrade' },
    });
    expect(res.status, res.text).toBe(201);
    manual = res.json;
    // /v, a.txt, link, sub, sub/blob, sub/deeper, sub/deeper/name with spaces
    expect(manual).toMatchObject({
      volume: V.data,
      reason: 'manual',
      note: 'before the upgrade',
      createdBy: users.operator.username,
      fileCount: 7,
    });
    const file = fs
      .readdirSync(path.join(process.env.WHARF_DATA_DIR as string, 'backups', HOST, V.data))
      .map((f) => path.join(process.env.WHARF_DATA_DIR as string, 'backups', HOST, V.data, f));
    expect(file).toHaveLength(1);
    const bytes = fs.readFileSync(file[0] as string);
    expect(bytes.length).toBe(manual.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manual.sha256);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    // No helper container is left behind, and none counts as a user.
    const helpers = await docker.listContainers({ all: true, filters: { label: ['wharf.helper'] } });
    expect(helpers).toEqual([]);

    const list = await api.get<TBackup[]>(volumePath(V.data, '/backups'), { token: users.viewer.token });
    expect(list.json.map((b) => b.id)).toEqual([manual.id]);
    const audit = await auditRows({ action: 'volumes.backup', actor: users.operator.username });
    expect(audit[0]?.detail).toContain(manual.id);
  });

  it('downloads a backup streamed, for operators, and audits it', async () => {
    const viewer = await api.get(`/api/v1/backups/${manual.id}/download`, { token: users.viewer.token });
    expect(viewer.status).toBe(403);
    const res = await api.get(`/api/v1/backups/${manual.id}/download`, { token: users.operator.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.tar\.gz"/);
    expect(
      createHash('sha256')
        .update(res.bytes as Buffer)
        .digest('hex'),
    ).toBe(manual.sha256);
    await expect
      .poll(
        async () =>
          (await auditRows({ action: 'backups.download', actor: users.operator.username }))[0]?.result,
      )
      .toBe('ok');
    const entry = (await auditRows({ action: 'backups.download', actor: users.operator.username }))[0];
    expect(entry?.target).toBe(`backup:${manual.id}`);
    const unknown = await api.get(`/api/v1/backups/nosuch0/download`, { token: users.operator.token });
    expect(unknown.status).toBe(404);
  });

  it('backs a volume up before deleting it, and names the backup in the answer and the audit entry', async () => {
    const res = await api.delete<TVolumeDeleteResult>(volumePath(V.data), {
      token: users.admin.token,
      query: { confirm: V.data },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.backupId).toEqual(expect.any(String));
    preDelete = res.json.backupId as string;
    expect(await exists(V.data)).toBe(false);
    const audit = await auditRows({ action: 'volumes.delete', actor: users.admin.username, result: 'ok' });
    expect(audit[0]?.detail).toContain(preDelete);
    const list = await api.get<TBackup[]>(volumePath(V.data, '/backups'), { token: users.viewer.token });
    expect(list.json.map((b) => [b.id, b.reason])).toEqual([
      [preDelete, 'pre-delete'],
      [manual.id, 'manual'],
    ]);
  });

  it('restores into the deleted volume byte for byte, verified by the file count (admin only)', async () => {
    const lead = await api.post(`/api/v1/backups/${preDelete}/restore`, {
      token: users.lead.token,
      body: { volume: V.data },
    });
    expect(lead.status).toBe(403);
    const res = await api.post<TRestoreResult>(`/api/v1/backups/${preDelete}/restore`, {
      token: users.admin.token,
      body: { volume: V.data },
    });
    expect(res.status, res.text).toBe(200);
    made.volumes.add(V.data);
    expect(res.json).toMatchObject({
      volume: V.data,
      created: true,
      verified: true,
      fileCount: 7,
      previousBackupId: null,
    });
    expect(await fingerprint(V.data)).toBe(before);
  });

  it('restores over changed content, backing that up first, so the volume holds exactly the backup', async () => {
    await inVolume(V.data, 'echo changed > /v/a.txt && echo extra > /v/new-file && rm /v/sub/blob');
    const res = await api.post<TRestoreResult>(`/api/v1/backups/${manual.id}/restore`, {
      token: users.admin.token,
      body: { volume: V.data },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ created: false, verified: true, fileCount: 7 });
    expect(res.json.previousBackupId).toEqual(expect.any(String));
    expect(await fingerprint(V.data)).toBe(before);
    const previous = (
      await api.get<TBackup[]>(volumePath(V.data, '/backups'), { token: users.viewer.token })
    ).json.find((b) => b.id === res.json.previousBackupId);
    expect(previous).toMatchObject({ reason: 'pre-restore', fileCount: 7 });
  });

  it('restores over the content of a volume a stopped container uses, emptying it first', async () => {
    await inVolume(V.used, 'echo one > /v/one && mkdir /v/dir && echo two > /v/dir/two');
    const used = await fingerprint(V.used);
    const backup = await api.post<TBackup>(volumePath(V.used, '/backups'), {
      token: users.operator.token,
      body: {},
    });
    expect(backup.status, backup.text).toBe(201);
    await inVolume(V.used, 'rm -r /v/dir && echo other > /v/one && echo stray > /v/stray');
    const res = await api.post<TRestoreResult>(`/api/v1/backups/${backup.json.id}/restore`, {
      token: users.admin.token,
      body: { volume: V.used, backupFirst: false },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      created: false,
      previousBackupId: null,
      fileCount: backup.json.fileCount,
    });
    expect(await fingerprint(V.used)).toBe(used);
  });

  it('restores into a new volume', async () => {
    const res = await api.post<TRestoreResult>(`/api/v1/backups/${manual.id}/restore`, {
      token: users.admin.token,
      body: { volume: V.restored, backupFirst: false },
    });
    expect(res.status, res.text).toBe(200);
    made.volumes.add(V.restored);
    expect(res.json.created).toBe(true);
    expect(await fingerprint(V.restored)).toBe(before);
  });

  it('refuses to restore into a volume that a running container uses', async () => {
    const res = await api.post<ApiError>(`/api/v1/backups/${manual.id}/restore`, {
      token: users.admin.token,
      body: { volume: V.running },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/used by running containers/);
    expect(await inVolume(V.running, 'ls -A /v')).toBe('');
  });

  it('answers a clear 404 for a volume that does not exist', async () => {
    const res = await api.post<ApiError>(volumePath('no-such-volume-x', '/backups'), {
      token: users.operator.token,
      body: {},
    });
    expect(res.status).toBe(404);
    expect(res.json.error.message).toContain('no volume named no-such-volume-x');
    expect(await exists('no-such-volume-x')).toBe(false);
  });
});

describe('prune', () => {
  const orphan = uniqueName('vol-orphan');
  const kept = uniqueName('vol-kept');

  it('previews unused volumes, never protected or used ones, and refuses a set that changed', async () => {
    await makeVolume(orphan);
    await makeVolume(kept, { 'wharf.protected': 'true' });
    await inventory((v) => v.volumes.some((x) => x.name === kept));
    const operator = await api.get(`/api/v1/hosts/${HOST}/volume-prune`, { token: users.operator.token });
    expect(operator.status).toBe(403);
    const preview = await api.get<TVolumePrunePreview>(`/api/v1/hosts/${HOST}/volume-prune`, {
      token: users.admin.token,
    });
    expect(preview.status, preview.text).toBe(200);
    const names = preview.json.volumes.map((v) => v.name);
    expect(names).toContain(orphan);
    expect(names).not.toContain(kept);
    expect(names).not.toContain(V.used);
    expect(names).not.toContain(V.running);
    expect(names).not.toContain('demo-protected');
    expect(names).not.toContain('demo-data');
    expect(preview.json.skippedProtected).toContain(kept);

    // Another orphan appears: the old preview no longer describes what would go.
    const late = uniqueName('vol-late');
    await makeVolume(late);
    const stale = await api.post<ApiError>(`/api/v1/hosts/${HOST}/volume-prune`, {
      token: users.admin.token,
      body: { confirm: preview.json.confirm },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toMatch(/changed since the preview/);
    expect(await exists(orphan)).toBe(true);
    expect(await exists(late)).toBe(true);
  });

  it('prunes exactly the previewed set, taking a backup of each unless declined', async () => {
    const preview = await api.get<TVolumePrunePreview>(`/api/v1/hosts/${HOST}/volume-prune`, {
      token: users.admin.token,
    });
    const going = preview.json.volumes.map((v) => v.name);
    expect(going).toContain(orphan);
    try {
      const res = await api.post<TVolumePruneResult>(`/api/v1/hosts/${HOST}/volume-prune`, {
        token: users.admin.token,
        body: { confirm: preview.json.confirm, backup: false },
      });
      expect(res.status, res.text).toBe(200);
      expect(res.json.failed).toEqual([]);
      expect([...res.json.deleted].sort()).toEqual([...going].sort());
      expect(res.json.backups).toEqual([]);
      expect(await exists(orphan)).toBe(false);
      expect(await exists(kept)).toBe(true);
      expect(await exists(V.used)).toBe(true);
      expect(await exists('demo-data')).toBe(true);
      expect(await exists('demo-protected')).toBe(true);
    } finally {
      // The seeded orphan is part of the demo fleet: put it back.
      if (going.includes('demo-orphan') && !(await exists('demo-orphan')))
        await docker.createVolume({ Name: 'demo-orphan' });
    }
  });
});

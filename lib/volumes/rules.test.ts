import { describe, expect, it } from 'vitest';
import { backupsToPrune, checkDelete, isDataOnly, orphans, protectionOf, type VolumeUser } from './rules';

const user = (over: Partial<VolumeUser>): VolumeUser => ({
  id: 'c1',
  name: 'c1',
  state: 'running',
  command: 'serve',
  labels: {},
  volumes: ['data'],
  ...over,
});

describe('isDataOnly', () => {
  it('recognises created and no-op exited containers that hold volumes', () => {
    expect(isDataOnly(user({ state: 'created', command: 'true' }))).toBe(true);
    expect(isDataOnly(user({ state: 'created', command: 'serve' }))).toBe(true);
    expect(isDataOnly(user({ state: 'exited', command: 'true' }))).toBe(true);
    expect(isDataOnly(user({ state: 'exited', command: 'sh -c true' }))).toBe(true);
    expect(isDataOnly(user({ state: 'running', labels: { 'wharf.data-only': 'true' } }))).toBe(true);
  });

  it('does not count running, real-work or volume-less containers', () => {
    expect(isDataOnly(user({ state: 'running', command: 'true' }))).toBe(false);
    expect(isDataOnly(user({ state: 'exited', command: 'backup.sh' }))).toBe(false);
    expect(isDataOnly(user({ state: 'created', volumes: [] }))).toBe(false);
  });
});

describe('protectionOf', () => {
  it('protects by label even without a record, and by record with its reason', () => {
    expect(protectionOf({ 'wharf.protected': 'true' }, null)).toMatchObject({
      protected: true,
      source: 'label',
    });
    expect(
      protectionOf({}, { reason: 'orders db', by: 'lena', at: '2026-01-01T00:00:00Z', lifted: false }),
    ).toEqual({
      protected: true,
      source: 'record',
      reason: 'orders db',
      by: 'lena',
      at: '2026-01-01T00:00:00Z',
    });
    expect(protectionOf({ 'wharf.protected': 'false' }, null)).toEqual({ protected: false });
  });

  it('lets an admin lift even the label protection, and says who lifted it and why', () => {
    const lift = { reason: 'decommissioned', by: 'ada', at: '2026-02-01T00:00:00Z', lifted: true };
    expect(protectionOf({ 'wharf.protected': 'true' }, lift)).toEqual({
      protected: false,
      lifted: { reason: 'decommissioned', by: 'ada', at: '2026-02-01T00:00:00Z' },
    });
    // Protecting again after a lift replaces the lift.
    expect(protectionOf({ 'wharf.protected': 'true' }, { ...lift, lifted: false })).toMatchObject({
      protected: true,
      source: 'record',
    });
  });
});

describe('checkDelete', () => {
  const free = { protected: false } as const;
  it('refuses a protected volume with 409, whoever asks and whatever is typed', () => {
    const check = checkDelete({
      name: 'db',
      protection: protectionOf({ 'wharf.protected': 'true' }, null),
      users: [],
      confirm: 'db',
    });
    expect(check).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses a used volume with 409 naming the containers, stopped ones too', () => {
    const check = checkDelete({
      name: 'db',
      protection: free,
      users: [user({ name: 'shop', state: 'exited' }), user({ id: 'c2', name: 'web', state: 'running' })],
      confirm: 'db',
    });
    expect(check).toMatchObject({ ok: false, status: 409 });
    if (!check.ok) {
      expect(check.message).toContain('shop (exited), web (running)');
      expect(check.containers?.map((c) => c.name)).toEqual(['shop', 'web']);
    }
  });

  it('asks for the name typed back with 400, then allows', () => {
    expect(checkDelete({ name: 'db', protection: free, users: [], confirm: 'DB' })).toMatchObject({
      status: 400,
    });
    expect(checkDelete({ name: 'db', protection: free, users: [], confirm: undefined })).toMatchObject({
      status: 400,
    });
    expect(checkDelete({ name: 'db', protection: free, users: [], confirm: 'db' })).toEqual({ ok: true });
  });
});

describe('backupsToPrune', () => {
  const b = (id: string, volume: string, day: number) => ({
    id,
    volume,
    createdAt: `2026-01-${String(day).padStart(2, '0')}T00:00:00Z`,
  });
  it('keeps the newest N per volume', () => {
    const gone = backupsToPrune(
      [b('1', 'a', 1), b('2', 'a', 3), b('3', 'a', 2), b('4', 'c', 1)],
      2,
      () => false,
    );
    expect(gone.map((x) => x.id)).toEqual(['1']);
  });

  it('never removes the only backup of a protected volume, even with keep 0', () => {
    const all = [b('1', 'p', 1), b('2', 'p', 2), b('3', 'u', 1)];
    expect(backupsToPrune(all, 0, (v) => v === 'p').map((x) => x.id)).toEqual(['1', '3']);
  });
});

describe('orphans', () => {
  it('lists volumes no container refers to, oldest first, with their age', () => {
    const now = new Date('2026-01-11T00:00:00Z');
    const list = orphans(
      [
        { name: 'used', createdAt: '2026-01-01T00:00:00Z' },
        { name: 'young', createdAt: '2026-01-10T00:00:00Z' },
        { name: 'old', createdAt: '2026-01-01T00:00:00Z' },
        { name: 'unknown', createdAt: null },
      ],
      [user({ volumes: ['used'], state: 'exited' })],
      now,
    );
    expect(list).toEqual([
      { name: 'old', ageDays: 10 },
      { name: 'young', ageDays: 1 },
      { name: 'unknown', ageDays: null },
    ]);
  });
});

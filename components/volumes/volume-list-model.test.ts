import { describe, expect, it } from 'vitest';
import type { TVolume, TVolumeUser } from '@/lib/types/volumes';
import {
  countFilters,
  type FilterContext,
  filterAndSortVolumes,
  isUnused,
  lacksRecentBackup,
  lastBackupLabel,
  orphanAgeLabel,
  protectionTitle,
  sizesLabel,
  usersSummary,
} from './volume-list-model';

const NOW = Date.parse('2025-06-10T12:00:00Z');
const CTX: FilterContext = { now: NOW, warnHours: 24 };

function user(name: string, state: string, over: Partial<TVolumeUser> = {}): TVolumeUser {
  return {
    id: `id-${name}`,
    name,
    state,
    service: null,
    dataOnly: false,
    destination: '/data',
    readOnly: false,
    ...over,
  };
}

function volume(name: string, over: Partial<TVolume> = {}): TVolume {
  return {
    host: { id: 'h-a', name: 'a' },
    name,
    driver: 'local',
    scope: 'local',
    mountpoint: `/var/lib/docker/volumes/${name}/_data`,
    labels: {},
    createdAt: '2025-06-01T00:00:00Z',
    anonymous: false,
    users: [],
    services: [],
    protection: { protected: false },
    heldBy: [],
    orphan: false,
    ageDays: null,
    size: null,
    lastBackup: null,
    backupCount: 0,
    backupWarning: null,
    ...over,
  };
}

const backupAt = (at: string) => ({ lastBackup: { id: 'b1', at, size: 10 }, backupCount: 1 });

const names = (list: TVolume[]) => list.map((v) => `${v.host.name}/${v.name}`);

describe('quick filters', () => {
  const list = [
    volume('db', { users: [user('pg', 'running')], ...backupAt('2025-06-10T06:00:00Z') }),
    volume('held', {
      users: [user('data-store', 'created', { dataOnly: true })],
      heldBy: ['data-store'],
      ...backupAt('2025-06-01T00:00:00Z'),
    }),
    volume('locked', {
      protection: { protected: true, source: 'label', reason: 'label', by: null, at: null },
      orphan: true,
      ageDays: 9,
      backupWarning: 'protected, no backup in 24 h',
    }),
    volume('stale', { orphan: true, ageDays: 3, ...backupAt('2025-06-10T11:00:00Z') }),
  ];

  it('counts each filter over the whole list', () => {
    expect(countFilters(list, CTX)).toEqual({
      all: 4,
      protected: 1,
      orphans: 2,
      unused: 3,
      'no-backup': 2,
      'data-only': 1,
    });
  });

  it('treats a volume that only stopped or created containers mount as unused, not as an orphan', () => {
    expect(isUnused(list[1] as TVolume)).toBe(true);
    expect(isUnused(list[0] as TVolume)).toBe(false);
    const rows = filterAndSortVolumes(list, '', 'orphans', { key: 'name', dir: 'asc' }, CTX);
    expect(names(rows)).toEqual(['a/locked', 'a/stale']);
  });

  it('finds volumes without a recent backup: the server warning, none at all, or older than the period', () => {
    expect(lacksRecentBackup(volume('x'), NOW, 24)).toBe(true);
    expect(lacksRecentBackup(volume('x', backupAt('2025-06-09T11:00:00Z')), NOW, 24)).toBe(true);
    expect(lacksRecentBackup(volume('x', backupAt('2025-06-09T13:00:00Z')), NOW, 24)).toBe(false);
    // Without the period only a missing backup or the server's warning count.
    expect(lacksRecentBackup(volume('x', backupAt('2020-01-01T00:00:00Z')), NOW, null)).toBe(false);
    expect(
      lacksRecentBackup(volume('x', { ...backupAt('2025-06-10T11:00:00Z'), backupWarning: 'w' }), NOW, null),
    ).toBe(true);
  });
});

describe('filterAndSortVolumes', () => {
  const list = [
    volume('web-cache', { host: { id: 'h-b', name: 'b' }, size: { bytes: 500, at: '2025-06-10T00:00:00Z' } }),
    volume('pg-data', {
      users: [user('pg', 'running', { service: 'shop' })],
      services: ['shop'],
      labels: { tier: 'db' },
      size: { bytes: 9000, at: '2025-06-10T00:00:00Z' },
    }),
    volume('Alpha', { orphan: true, ageDays: 40 }),
    volume('alpha', { host: { id: 'h-b', name: 'b' }, orphan: true, ageDays: 2 }),
  ];

  it('needs every word, case-insensitively, across name, host, users, services and labels', () => {
    const q = (text: string) =>
      names(filterAndSortVolumes(list, text, 'all', { key: 'name', dir: 'asc' }, CTX));
    expect(q('  PG  ')).toEqual(['a/pg-data']);
    expect(q('shop running')).toEqual(['a/pg-data']);
    expect(q('tier=db')).toEqual(['a/pg-data']);
    expect(q('b orphan')).toEqual(['b/alpha']);
    expect(q('nothing-like-this')).toEqual([]);
  });

  it('sorts by a column and breaks ties by host then name', () => {
    const by = (key: Parameters<typeof filterAndSortVolumes>[3]['key'], dir: 'asc' | 'desc' = 'asc') =>
      names(filterAndSortVolumes(list, '', 'all', { key, dir }, CTX));
    expect(by('name')).toEqual(['a/Alpha', 'b/alpha', 'a/pg-data', 'b/web-cache']);
    expect(by('host')).toEqual(['a/Alpha', 'a/pg-data', 'b/alpha', 'b/web-cache']);
    // Unmeasured volumes sort below the smallest measured one.
    expect(by('size', 'desc')).toEqual(['a/pg-data', 'b/web-cache', 'a/Alpha', 'b/alpha']);
    // Orphans by age; volumes in use are not orphans and come last when sorting the oldest first.
    expect(by('age', 'desc').slice(0, 2)).toEqual(['a/Alpha', 'b/alpha']);
  });

  it('handles a few hundred volumes', () => {
    const many = Array.from({ length: 600 }, (_, i) => volume(`v-${String(i).padStart(3, '0')}`));
    const rows = filterAndSortVolumes(many, 'v-59', 'all', { key: 'name', dir: 'desc' }, CTX);
    expect(rows.map((v) => v.name)).toEqual(Array.from({ length: 10 }, (_, i) => `v-59${9 - i}`));
  });
});

describe('labels', () => {
  it('says why, by whom and when a volume is protected', () => {
    expect(protectionTitle({ protected: false })).toBe('Not protected');
    expect(
      protectionTitle({
        protected: true,
        source: 'label',
        reason: 'the volume carries the label wharf.protected=true',
        by: null,
        at: null,
      }),
    ).toBe('Protected: the volume carries the label wharf.protected=true');
    expect(
      protectionTitle({
        protected: true,
        source: 'record',
        reason: 'ledger',
        by: 'lena',
        at: '2025-06-01T10:00:00Z',
      }),
    ).toMatch(/^Protected in Wharf by lena on 2025-06-0\d \d\d:\d\d:\d\d: ledger$/);
  });

  it('gives the orphan age only for orphans', () => {
    expect(orphanAgeLabel(volume('x'))).toBeNull();
    expect(orphanAgeLabel(volume('x', { orphan: true, ageDays: null }))).toBe('age unknown');
    expect(orphanAgeLabel(volume('x', { orphan: true, ageDays: 0 }))).toBe('< 1 day');
    expect(orphanAgeLabel(volume('x', { orphan: true, ageDays: 1 }))).toBe('1 day');
    expect(orphanAgeLabel(volume('x', { orphan: true, ageDays: 12 }))).toBe('12 days');
  });

  it('words the last backup and the sizes state', () => {
    expect(lastBackupLabel(volume('x'), NOW)).toBe('never');
    expect(lastBackupLabel(volume('x', backupAt('2025-06-10T09:00:00Z')), NOW)).toBe('3 h ago');
    const sizes = { startedAt: '2025-06-10T11:59:00Z', finishedAt: null, error: null, measuredAt: null };
    expect(sizesLabel({ ...sizes, status: 'none', startedAt: null }, NOW)).toBe('sizes never measured');
    expect(sizesLabel({ ...sizes, status: 'running' }, NOW)).toBe('measuring sizes… (started 1 min ago)');
    expect(
      sizesLabel(
        { ...sizes, status: 'done', finishedAt: '2025-06-10T11:55:00Z', measuredAt: '2025-06-10T11:55:00Z' },
        NOW,
      ),
    ).toBe('sizes from 5 min ago');
    expect(sizesLabel({ ...sizes, status: 'failed', error: 'deadline passed' }, NOW)).toBe(
      'measuring sizes failed: deadline passed',
    );
    // A failed run keeps the sizes of the last good one, and says how old they are.
    expect(
      sizesLabel({ ...sizes, status: 'failed', error: 'x', measuredAt: '2025-06-09T12:00:00Z' }, NOW),
    ).toBe('measuring sizes failed: x; sizes shown are from 1 d ago');
  });

  it('summarises the users and marks data-only holders', () => {
    expect(usersSummary(volume('x'))).toBe('no container');
    expect(
      usersSummary(
        volume('x', {
          users: [
            user('a', 'running'),
            user('b', 'running'),
            user('c', 'created', { dataOnly: true }),
            user('d', 'exited'),
          ],
        }),
      ),
    ).toBe('2 running · 1 data-only · 1 stopped');
  });
});

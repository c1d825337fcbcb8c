import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { THostSummary } from '@/lib/types/fleet';
import { type ApiError, api } from './support/api';
import { deleteHostRows, hostCount } from './support/db';
import { loadFleet, portOf } from './support/fleet';
import { makeUser, type TestUser, uniqueName } from './support/principals';
import { CountingProxy } from './support/proxy';

const fleet = loadFleet();
const a = fleet.hosts['fleet-a'];
const DEADLINE_MS = 1500;
/** What a request may take beyond the host's deadline. */
const MARGIN_MS = 1500;
/** A hung request fails its test quickly instead of at the suite's 60 s. */
const QUICK = { timeout: 10_000 };

let admin: TestUser;
let proxy: CountingProxy;
const names = { slow: uniqueName('slow'), a: uniqueName('to-a'), c: uniqueName('to-c') };

beforeAll(async () => {
  admin = await makeUser('admin', 'timeout-admin');
  proxy = await new CountingProxy({ host: '127.0.0.1', port: portOf(a.url) }).start();
  const add = (body: Record<string, unknown>) => api.post('/api/v1/hosts', { token: admin.token, body });
  expect((await add({ name: names.slow, url: proxy.url, tls: a.tls, timeoutMs: DEADLINE_MS })).status).toBe(
    201,
  );
  expect((await add({ name: names.a, url: a.url, tls: a.tls })).status).toBe(201);
  expect((await add({ name: names.c, url: fleet.hosts['fleet-c'].url })).status).toBe(201);
  expect(proxy.bytesUp).toBeGreaterThan(0);
  proxy.mode = 'blackhole';
});

afterAll(async () => {
  await deleteHostRows(Object.values(names));
  await proxy?.stop();
});

describe('a host that accepts connections and never answers', () => {
  it(
    'shows as timed out in the fleet list while the other hosts answer, within its deadline',
    QUICK,
    async () => {
      const res = await api.get<THostSummary[]>('/api/v1/hosts', { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
      const byName = new Map(res.json.map((h) => [h.name, h]));
      const slow = byName.get(names.slow);
      expect(slow?.status).toBe('timeout');
      expect(slow?.error?.code).toBe('HOST_TIMEOUT');
      expect(slow?.error?.message).toMatch(/timed out/);
      expect(slow?.latencyMs).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
      for (const name of [names.a, names.c]) {
        const host = byName.get(name);
        expect(host?.status, JSON.stringify(host?.error)).toBe('up');
        expect(host?.engine?.apiVersion).toMatch(/^1\.\d+$/);
        expect(host?.counts?.containers).toBeGreaterThanOrEqual(10);
        expect(host?.counts?.running).toBeGreaterThan(0);
        expect(host?.counts?.stopped).toBeGreaterThan(0);
        expect(host?.counts?.unhealthy).toBeGreaterThanOrEqual(0);
      }
    },
  );

  it('answers its own summary as timed out', QUICK, async () => {
    const res = await api.get<THostSummary>(`/api/v1/hosts/${names.slow}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    expect(res.json.status).toBe('timeout');
  });

  it('answers 504 HOST_TIMEOUT for its containers within the deadline', QUICK, async () => {
    for (const path of [
      `/api/v1/hosts/${names.slow}/containers`,
      `/api/v1/hosts/${names.slow}/containers/shop-web`,
    ]) {
      const res = await api.get<ApiError>(path, { token: admin.token });
      expect(res.status, res.text).toBe(504);
      expect(res.json.error.code).toBe('HOST_TIMEOUT');
      expect(res.json.error.message).toMatch(/timed out/);
      // A list may share a load already in flight, so only the upper bound holds for every call.
      expect(res.ms).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    }
  });

  it('is not saved when it is added while it hangs', QUICK, async () => {
    const before = await hostCount();
    const started = performance.now();
    const res = await api.post<ApiError>('/api/v1/hosts', {
      token: admin.token,
      body: { name: uniqueName('hang'), url: proxy.url, tls: a.tls, timeoutMs: 1000 },
    });
    expect(performance.now() - started).toBeLessThan(1000 + MARGIN_MS);
    expect(res.status).toBe(504);
    expect(res.json.error.message).toMatch(/timed out/);
    expect(await hostCount()).toBe(before);
  });

  it('comes back up once it answers again', async () => {
    proxy.mode = 'forward';
    await expect
      .poll(
        async () =>
          (await api.get<THostSummary>(`/api/v1/hosts/${names.slow}`, { token: admin.token })).json.status,
        {
          timeout: 15_000,
        },
      )
      .toBe('up');
    const res = await api.get<unknown[]>(`/api/v1/hosts/${names.slow}/containers`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.json.length).toBeGreaterThanOrEqual(10);
  });
});

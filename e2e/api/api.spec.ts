import { expect, request, test } from '@playwright/test';
import { storageState, USERNAMES } from '../support/users';

test.describe('as an admin', () => {
  test.use({ storageState: storageState('admin') });

  test('a token made for CI works with Authorization: Bearer and is shown once', async ({
    page,
    baseURL,
  }) => {
    const created = await page.request.post('/api/v1/tokens', { data: { name: 'ci', role: 'operator' } });
    expect(created.status()).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    expect(token).toMatch(/^wharf_/);

    const ci = await request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
    const hosts = await ci.get('/api/v1/hosts');
    expect(hosts.status()).toBe(200);
    expect(
      (
        await ci.post('/api/v1/users', {
          data: { username: 'x1', password: 'long-enough-pw', role: 'viewer' },
        })
      ).status(),
    ).toBe(403);

    const list = await page.request.get('/api/v1/tokens');
    expect(await list.text()).not.toContain(token);

    expect((await page.request.delete(`/api/v1/tokens/${id}`)).status()).toBe(200);
    expect((await ci.get('/api/v1/hosts')).status()).toBe(401);
    await ci.dispose();
  });

  test('the audit log records the refused attempt of a viewer', async ({ page, baseURL }) => {
    const viewer = await request.newContext({
      baseURL,
      storageState: storageState('viewer'),
      extraHTTPHeaders: { Origin: baseURL as string },
    });
    expect((await viewer.delete('/api/v1/hosts/fleet-a')).status()).toBe(403);
    await viewer.dispose();
    const res = await page.request.get(
      `/api/v1/audit?actor=${USERNAMES.viewer}&result=denied&action=hosts.delete`,
    );
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { items: { action: string }[] };
    expect(body.items.length).toBeGreaterThan(0);
  });
});

test('sign-in is rate limited after repeated failures', async ({ baseURL }) => {
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': '203.0.113.9' } });
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    const csrf = (await (await ctx.get('/api/auth/csrf')).json()) as { csrfToken: string };
    const res = await ctx.post('/api/auth/callback/credentials', {
      form: { csrfToken: csrf.csrfToken, username: 'nobody-here', password: 'wrong-password', json: 'true' },
      maxRedirects: 0,
    });
    statuses.push(res.status());
  }
  expect(statuses.at(-1)).toBe(429);
  expect(statuses.slice(0, 5)).not.toContain(429);
  await ctx.dispose();
});

test('health answers without sign-in', async ({ baseURL }) => {
  const ctx = await request.newContext({ baseURL });
  const res = await ctx.get('/api/v1/health');
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', db: { ok: true } });
  await ctx.dispose();
});

import { expect, test } from '@playwright/test';
import { storageState } from '../support/users';

test.use({ storageState: storageState('viewer') });

test('a viewer sees no Add host button and the API refuses them', async ({ page }) => {
  await page.goto('/hosts');
  await expect(page.getByRole('row', { name: /fleet-a/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add host' })).toHaveCount(0);

  const res = await page.request.post('/api/v1/hosts', {
    data: { name: 'sneaky', url: 'unix:///var/run/docker.sock' },
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
});

test('a viewer sees no container actions and cannot restart through the API', async ({ page }) => {
  await page.goto('/hosts/fleet-a/containers/ticker');
  await expect(page.getByTestId('container-state')).toHaveText('running');
  await expect(page.getByRole('button', { name: 'Restart' })).toHaveCount(0);
  const res = await page.request.post('/api/v1/hosts/fleet-a/containers/ticker/restart', { data: {} });
  expect(res.status()).toBe(403);
});

test('a viewer sees secret-looking env values masked', async ({ page }) => {
  await page.goto('/hosts/fleet-a/containers/shop-web');
  await expect(page.getByText('DB_PASSWORD')).toBeVisible();
  await expect(page.getByText('demo-secret-value')).toHaveCount(0);
});

test('a viewer cannot open the audit log', async ({ page }) => {
  const res = await page.request.get('/api/v1/audit');
  expect(res.status()).toBe(403);
});

test('a viewer sees images but no Pull, Remove or Prune, and the API refuses them', async ({ page }) => {
  await page.goto('/images');
  await expect(page.getByRole('table', { name: 'Images across the fleet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Pull' })).toHaveCount(0);

  await page.goto('/hosts/fleet-a?tab=images');
  const table = page.getByRole('table', { name: 'Images on this host' });
  await expect(table).toBeVisible();
  await expect(page.getByRole('button', { name: 'Prune dangling' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Pull' })).toHaveCount(0);

  await table.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Layers' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove' })).toHaveCount(0);

  const id = decodeURIComponent(page.url().split('/images/')[1] ?? '');
  const remove = await page.request.delete(`/api/v1/hosts/fleet-a/images/${encodeURIComponent(id)}`);
  expect(remove.status()).toBe(403);
  const pull = await page.request.post('/api/v1/hosts/fleet-a/images/pull', {
    data: { ref: '127.0.0.1:5055/wharf-demo/base:1.36' },
  });
  expect(pull.status()).toBe(403);
  const prune = await page.request.post('/api/v1/hosts/fleet-a/images/prune', { data: { confirm: 'x' } });
  expect(prune.status()).toBe(403);
});

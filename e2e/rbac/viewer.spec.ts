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

import { expect, test } from '@playwright/test';
import { fleetHost, pemsOf } from '../support/fleet';
import { storageState } from '../support/users';

test.use({ storageState: storageState('admin') });

test('an admin adds a TLS host by pasting PEMs and sees it come up', async ({ page }) => {
  const b = fleetHost('fleet-b');
  const pems = pemsOf(b);
  await page.goto('/hosts');
  await page.getByRole('button', { name: 'Add host' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('pasted-b');
  await dialog.getByLabel('URL').fill(b.url);
  await dialog.getByLabel('CA certificate').fill(pems.ca);
  await dialog.getByLabel('Client certificate').fill(pems.cert);
  await dialog.getByLabel('Client key').fill(pems.key);
  await dialog.getByRole('button', { name: /save host/i }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: /pasted-b/ });
  await expect(row).toBeVisible();
  await expect(row.getByText('up', { exact: true })).toBeVisible();

  const res = await page.request.delete('/api/v1/hosts/pasted-b');
  expect(res.status()).toBe(200);
});

test('a host that cannot be reached is refused with its reason and not saved', async ({ page }) => {
  const b = fleetHost('fleet-b');
  const pems = pemsOf(b);
  await page.goto('/hosts');
  await page.getByRole('button', { name: 'Add host' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('wrong-port');
  await dialog.getByLabel('URL').fill('tcp://127.0.0.1:1');
  await dialog.getByLabel('CA certificate').fill(pems.ca);
  await dialog.getByLabel('Client certificate').fill(pems.cert);
  await dialog.getByLabel('Client key').fill(pems.key);
  await dialog.getByRole('button', { name: /save host/i }).click();
  await expect(dialog.getByText(/connection refused/i)).toBeVisible();
  const hosts = (await (await page.request.get('/api/v1/hosts')).json()) as { name: string }[];
  expect(hosts.map((h) => h.name)).not.toContain('wrong-port');
});

import { expect, test } from '@playwright/test';
import { storageState } from '../support/users';

test.use({ storageState: storageState('operator') });

test('an operator stops and starts a container and watches its state change', async ({ page }) => {
  await page.goto('/hosts/fleet-a/containers/ticker');
  const state = page.getByTestId('container-state');
  await expect(state).toHaveText('running');

  await page.getByRole('button', { name: 'Stop' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await expect(state).toHaveText('exited', { timeout: 20_000 });

  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await expect(state).toHaveText('running', { timeout: 20_000 });
});

test('an operator restarts a container', async ({ page, request }) => {
  const before = (await (await request.get('/api/v1/hosts/fleet-a/containers/ticker')).json()) as {
    startedAt: string;
  };
  await page.goto('/hosts/fleet-a/containers/ticker');
  await page.getByRole('button', { name: 'Restart' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await expect
    .poll(
      async () =>
        (
          (await (await request.get('/api/v1/hosts/fleet-a/containers/ticker')).json()) as {
            startedAt: string;
          }
        ).startedAt,
    )
    .not.toBe(before.startedAt);
  await expect(page.getByTestId('container-state')).toHaveText('running');
});

test('the host page lists the seeded containers with their states', async ({ page }) => {
  await page.goto('/hosts/fleet-a');
  const table = page.getByRole('table');
  await expect(table.getByRole('link', { name: 'shop-web', exact: true })).toBeVisible();
  await expect(table.getByRole('row', { name: /stopped-job/ }).getByText('exited')).toBeVisible();
  await expect(table.getByRole('row', { name: /data-store/ }).getByText('created')).toBeVisible();
});

import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import Docker from 'dockerode';
import { FLEET_DIR, fleetHost } from '../support/fleet';
import { storageState } from '../support/users';

test.use({ storageState: storageState('viewer') });

function fleetC(): Docker {
  const c = fleetHost('fleet-c');
  return new Docker({ socketPath: new URL(c.url).pathname });
}

test('a container stopped outside Wharf changes state on screen without a reload', async ({ page }) => {
  const docker = fleetC();
  const ticker = docker.getContainer('ticker');
  await page.goto('/hosts/fleet-c');
  const row = page.getByRole('row', { name: /ticker/ });
  await expect(row.getByText('running', { exact: true })).toBeVisible();
  // The page's event stream is connected before anything happens behind its back.
  await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
  try {
    await ticker.stop({ t: 1 });
    await expect(row.getByText('exited', { exact: true })).toBeVisible({ timeout: 2_000 });
  } finally {
    await ticker.start().catch(() => undefined);
  }
  await expect(row.getByText('running', { exact: true })).toBeVisible({ timeout: 2_000 });
});

test('an engine stopped outside Wharf turns its host red without blocking the page', async ({ page }) => {
  const pidFile = `${FLEET_DIR}/fleet-c/dockerd.pid`;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  expect(pid).toBeGreaterThan(1);
  await page.goto('/');
  const card = page.getByTestId('host-card-fleet-c');
  await expect(card.getByText('up', { exact: true })).toBeVisible();
  process.kill(pid, 'SIGSTOP');
  try {
    const started = Date.now();
    await page.reload();
    const other = page.getByTestId('host-card-fleet-a');
    await expect(other.getByText('up', { exact: true })).toBeVisible();
    await expect(card.getByText('timeout', { exact: true })).toBeVisible({ timeout: 15_000 });
    // fleet-c's deadline is 1.5 s: the page never waits on it much longer than that.
    expect(Date.now() - started).toBeLessThan(15_000);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  await expect(card.getByText('up', { exact: true })).toBeVisible({ timeout: 20_000 });
});

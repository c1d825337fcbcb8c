import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import Docker from 'dockerode';
import type { TFleetImages } from '@/lib/types/images';
import { fleetHost, readFleet } from '../support/fleet';
import { storageState } from '../support/users';

/** A host's engine through its local socket, the way an operator with shell access would reach it. */
function engine(name: string): Docker {
  const host = fleetHost(name);
  const socket = host.socket ?? host.url;
  return new Docker({ socketPath: new URL(socket).pathname });
}

const { images } = readFleet() as unknown as { images: { base: string; middleware: string } };
const repo = `127.0.0.1:5055/wharf-e2e/drift-${randomBytes(4).toString('hex')}`;
const ref = `${repo}:1.0`;

test.describe('an operator finds a tag that means different images on different hosts', () => {
  test.use({ storageState: storageState('operator') });

  test.beforeAll(async () => {
    // The same new tag, made by hand on two hosts from two different images: real drift.
    await engine('fleet-a').getImage(images.base).tag({ repo, tag: '1.0' });
    await engine('fleet-c').getImage(images.middleware).tag({ repo, tag: '1.0' });
  });

  test.afterAll(async () => {
    // Only the test's tag goes; the demo images keep their own tags.
    for (const host of ['fleet-a', 'fleet-c']) {
      await engine(host)
        .getImage(ref)
        .remove()
        .catch(() => undefined);
    }
  });

  test('opens Images, sees the drift badge on the tag, and sees which hosts differ', async ({ page }) => {
    // The fleet view notices the new tag on both hosts (image events clear the server's cache).
    await expect
      .poll(
        async () => {
          const res = await page.request.get('/api/v1/images');
          const body = (await res.json()) as TFleetImages;
          return body.items.find((i) => i.ref === ref)?.drift.map((d) => d.kind) ?? [];
        },
        { timeout: 30_000 },
      )
      .toContain('hosts-differ');

    await page.goto('/images');
    await page.getByRole('table', { name: 'Images across the fleet' }).waitFor();
    await page.keyboard.press('/');
    await expect(page.getByLabel('Filter images')).toBeFocused();
    await page.keyboard.type(repo.split('/').pop() ?? '');

    const row = page.locator(`[data-testid="image-row"][data-ref="${ref}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('drift-badge').filter({ hasText: 'hosts differ' })).toBeVisible();
    await expect(row.getByTestId('drift-badge').filter({ hasText: 'hosts differ' })).toHaveAttribute(
      'title',
      /different image on different hosts/,
    );
    // The two hosts' cells stand out; fleet-b does not have the tag.
    await expect(row.getByTestId('cell-fleet-a')).toHaveAttribute('data-differs', 'true');
    await expect(row.getByTestId('cell-fleet-c')).toHaveAttribute('data-differs', 'true');

    // The search is in the URL, so it can be shared.
    await expect(page).toHaveURL(/[?&]q=drift-/);
    await row.getByRole('link', { name: '1.0', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(ref);
    const hostsTable = page.getByRole('table', { name: 'Hosts with this tag' });
    await expect(hostsTable.getByTestId('host-row-fleet-a')).toHaveAttribute('data-differs', 'true');
    await expect(hostsTable.getByTestId('host-row-fleet-c')).toHaveAttribute('data-differs', 'true');

    const drift = page.getByTestId('drift-item').filter({ hasText: 'hosts differ' });
    await expect(drift).toContainText('is a different image on different hosts');
    await expect(drift.getByTestId('drift-host')).toHaveText(['fleet-a', 'fleet-c']);
  });
});

test.describe('an admin cannot remove an image that a container uses', () => {
  test.use({ storageState: storageState('admin') });

  test('the refusal names the containers', async ({ page }) => {
    const res = await page.request.get('/api/v1/hosts/fleet-a/containers/ticker');
    const { imageId } = (await res.json()) as { imageId: string };
    await page.goto(`/hosts/fleet-a/images/${encodeURIComponent(imageId)}`);
    await expect(page.getByRole('table', { name: 'Containers using the image' })).toContainText('ticker');

    await page.getByRole('button', { name: 'Remove' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const refusal = dialog.getByTestId('remove-refused');
    await expect(refusal).toContainText('Refused');
    await expect(refusal.getByRole('link', { name: 'ticker' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Still there.
    const after = await page.request.get(`/api/v1/hosts/fleet-a/images/${encodeURIComponent(imageId)}`);
    expect(after.status()).toBe(200);
  });
});

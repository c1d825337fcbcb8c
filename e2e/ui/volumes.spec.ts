import { randomBytes } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import Docker from 'dockerode';
import type { TVolumeDetail } from '@/lib/types/volumes';
import { fleetHost, readFleet } from '../support/fleet';
import { storageState } from '../support/users';

/** fleet-c's engine through its socket, the way an operator with shell access would reach it. */
function engine(): Docker {
  const host = fleetHost('fleet-c');
  return new Docker({ socketPath: new URL(host.socket ?? host.url).pathname });
}

const { images } = readFleet() as unknown as { images: { base: string } };
const volume = `wharf-e2e-ledger-${randomBytes(4).toString('hex')}`;
const volumePage = `/hosts/fleet-c/volumes/${volume}`;
const FILES = { 'a.txt': 'first ledger page', 'sub/b.txt': 'second ledger page' };

/** Runs a short-lived container of the base image with the volume at /data and returns its output. */
async function inVolume(script: string): Promise<string> {
  const docker = engine();
  const container = await docker.createContainer({
    Image: images.base,
    Cmd: ['sh', '-c', script],
    Labels: { 'wharf.e2e': 'true' },
    HostConfig: { Binds: [`${volume}:/data`] },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = (await container.logs({ stdout: true, stderr: true })).toString('utf8');
    if (StatusCode !== 0) throw new Error(`the helper container exited ${StatusCode}: ${logs}`);
    // Each chunk carries an 8-byte frame header; the callers only look for text inside.
    return logs;
  } finally {
    await container.remove({ force: true });
  }
}

async function volumeExists(): Promise<boolean> {
  return engine()
    .getVolume(volume)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

async function detail(page: Page): Promise<TVolumeDetail> {
  return (await (await page.request.get(`/api/v1/hosts/fleet-c/volumes/${volume}`)).json()) as TVolumeDetail;
}

test.describe
  .serial('a protected volume is deleted only after its protection is lifted, and comes back from its backup', () => {
    test.beforeAll(async () => {
      await engine().createVolume({
        Name: volume,
        Labels: { 'wharf.protected': 'true', 'wharf.e2e': 'true' },
      });
      const writes = Object.entries(FILES)
        .map(([file, text]) => `mkdir -p "$(dirname /data/${file})" && printf '%s' '${text}' > /data/${file}`)
        .join(' && ');
      await inVolume(writes);
    });

    test.afterAll(async () => {
      await engine()
        .getVolume(volume)
        .remove({ force: true })
        .catch(() => undefined);
    });

    test.describe('an operator', () => {
      test.use({ storageState: storageState('operator') });

      test('sees the lock and no Delete, and the API refuses the delete', async ({ page }) => {
        await page.goto(volumePage);
        await expect(page.getByTestId('protection-reason')).toContainText('wharf.protected=true');
        await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
        await expect(page.getByRole('button', { name: 'Delete volume' })).toHaveCount(0);
        await expect(page.getByRole('button', { name: 'Lift protection' })).toHaveCount(0);

        const res = await page.request.delete(`/api/v1/hosts/fleet-c/volumes/${volume}?confirm=${volume}`);
        expect(res.status()).toBe(403);
        expect(await volumeExists()).toBe(true);
      });
    });

    test.describe('an admin', () => {
      test.use({ storageState: storageState('admin') });

      test('is told why a protected volume cannot be deleted, lifts the protection, deletes it and restores it', async ({
        page,
      }) => {
        // The volume shows up in the fleet list, locked, found with the search box.
        await page.goto('/volumes');
        await page.getByRole('table', { name: 'Volumes across the fleet' }).waitFor();
        await page.keyboard.press('/');
        await page.keyboard.type(volume);
        const row = page.locator(`[data-testid="volume-row"][data-volume="${volume}"]`);
        await expect(row).toHaveAttribute('data-protected', 'true');
        await row.getByRole('link', { name: volume }).click();
        await expect(page).toHaveURL(new RegExp(`${volumePage}$`));

        // Refused while protected, with the server's reason.
        await page.getByRole('button', { name: 'Delete volume' }).click();
        let dialog = page.getByRole('dialog');
        await dialog.getByLabel('Type the volume’s name to confirm').fill(volume);
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        const refusal = dialog.getByTestId('delete-refused');
        await expect(refusal).toContainText(`${volume} is protected`);
        await expect(refusal).toContainText('lift the protection');
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        expect(await volumeExists()).toBe(true);

        // An admin lifts the protection, with a reason.
        await page.getByRole('button', { name: 'Lift protection' }).click();
        dialog = page.getByRole('dialog');
        await dialog.getByLabel('Reason').fill('the ledger moved to the new cluster');
        await dialog.getByRole('button', { name: 'Lift protection' }).click();
        await expect(page.getByTestId('protection-lifted')).toContainText(
          'the ledger moved to the new cluster',
        );
        await expect(page.getByTestId('protection-reason')).toHaveCount(0);

        // Deleted by typing its name, with a backup first.
        await page.getByRole('button', { name: 'Delete volume' }).click();
        dialog = page.getByRole('dialog');
        await expect(dialog.getByLabel('Take a backup first')).toBeChecked();
        const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
        await dialog.getByLabel('Type the volume’s name to confirm').fill(volume.slice(0, -1));
        await expect(confirm).toBeDisabled();
        await dialog.getByLabel('Type the volume’s name to confirm').fill(volume);
        await confirm.click();
        await expect(page).toHaveURL(/\/hosts\/fleet-c\?tab=volumes$/);
        await expect(page.getByRole('status').filter({ hasText: `Deleted ${volume}` })).toContainText(
          'its content is in backup',
        );
        await expect.poll(volumeExists).toBe(false);

        // Its page still lists the backup, and the restore brings the files back.
        await page.goto(volumePage);
        await expect(page.getByText(`No volume ${volume} on fleet-c`)).toBeVisible();
        const backupRow = page.getByTestId('backup-row').first();
        await expect(backupRow).toContainText('before delete');
        await backupRow.getByRole('button', { name: /^Restore/ }).click();
        dialog = page.getByRole('dialog');
        await expect(dialog.getByLabel('Restore into volume')).toHaveValue(volume);
        await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
        await expect(dialog.getByTestId('restore-result')).toContainText(/verified \d+ files/, {
          timeout: 30_000,
        });
        await dialog.getByRole('button', { name: 'Close' }).click();

        expect(await volumeExists()).toBe(true);
        const text = await inVolume('cat /data/a.txt; echo; cat /data/sub/b.txt');
        expect(text).toContain(FILES['a.txt']);
        expect(text).toContain(FILES['sub/b.txt']);
        await page.goto(volumePage);
        await expect(page.getByRole('heading', { level: 1 })).toContainText(volume);
        expect((await detail(page)).backups.map((b) => b.reason)).toContain('pre-delete');
      });
    });
  });

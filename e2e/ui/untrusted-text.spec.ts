import { expect, test } from '@playwright/test';
import { storageState } from '../support/users';

test.use({ storageState: storageState('admin') });

test('labels and env values carrying HTML are shown as text', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', async (d) => {
    dialogs++;
    await d.dismiss();
  });
  await page.goto('/hosts/fleet-a/containers/html-label');
  await expect(page.getByText('<img src=x onerror=alert(1)>').first()).toBeVisible();
  await expect(page.getByText('<script>alert(1)</script>').first()).toBeVisible();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('main script').count()).toBe(0);
  expect(dialogs).toBe(0);
});

import { expect, test as setup } from '@playwright/test';
import { ROLES } from '@/lib/auth/permissions';
import { PASSWORDS, storageState, USERNAMES } from './support/users';

for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto('/signin');
    await page.getByLabel('User name').fill(USERNAMES[role]);
    await page.getByLabel('Password').fill(PASSWORDS[role]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText(USERNAMES[role]).first()).toBeVisible();
    await page.context().storageState({ path: storageState(role) });
  });
}

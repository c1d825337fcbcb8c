import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { fleetRegistry } from '../support/fleet';
import { signedInRequest } from '../support/session';
import { PASSWORDS, storageState, USERNAMES } from '../support/users';

const { url: REGISTRY_URL, username: REGISTRY_USER } = fleetRegistry();
const registryPassword = () => fleetRegistry().password;

function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
}

async function registryNames(request: APIRequestContext): Promise<string[]> {
  const res = await request.get('/api/v1/registries');
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { name: string }[]).map((r) => r.name);
}

async function fillRegistryForm(page: Page, name: string, password: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Add registry' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('URL', { exact: true }).fill(REGISTRY_URL);
  await dialog.getByLabel('Username').fill(REGISTRY_USER);
  await dialog.getByLabel('Password or token').fill(password);
}

test.describe('as an admin', () => {
  test.use({ storageState: storageState('admin') });
  const name = uniqueName('e2e-registry');

  test.afterAll(async ({ baseURL }) => {
    // The test deletes it through the UI; this only tidies up after a failure.
    const admin = await signedInRequest(baseURL as string, USERNAMES.admin, PASSWORDS.admin);
    const res = await admin.delete(`/api/v1/registries/${encodeURIComponent(name)}`);
    await admin.dispose();
    expect([200, 404]).toContain(res.status());
  });

  test('adds the fleet registry, browses its tags and deletes it', async ({ page }) => {
    const password = registryPassword();
    await page.goto('/registries');
    await page.getByRole('button', { name: 'Add registry' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add registry' });

    // A wrong password: the server's reason is shown and nothing is saved.
    await fillRegistryForm(page, name, `${password}-wrong`);
    await dialog.getByRole('button', { name: 'Save registry' }).click();
    await expect(dialog.getByText(/refused the credentials|401/i)).toBeVisible();
    await expect(dialog.getByText('Not saved', { exact: false })).toBeVisible();
    expect(await registryNames(page.request)).not.toContain(name);

    // The right one: it is saved and listed, without the password.
    await dialog.getByLabel('Password or token').fill(password);
    await dialog.getByRole('button', { name: 'Save registry' }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toBeVisible();
    await expect(row.getByText(REGISTRY_URL)).toBeVisible();
    await expect(row.getByText('stored', { exact: true })).toBeVisible();
    expect(await page.content()).not.toContain(password);
    const listed = await (await page.request.get('/api/v1/registries')).text();
    expect(listed).toContain(name);
    expect(listed).not.toContain(password);

    // Browse: repositories, searched with `/`, then the app's tags newest first.
    await row.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'wharf-demo/app', exact: true })).toBeVisible();
    await page.keyboard.press('/');
    await expect(page.getByLabel('Search repositories')).toBeFocused();
    await page.keyboard.type('middle');
    await expect(page.getByRole('link', { name: 'wharf-demo/app', exact: true })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'wharf-demo/middleware', exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'wharf-demo/app', exact: true }).click();

    const tags = page.getByRole('table', { name: 'Tags' });
    const gitShaRow = tags.getByRole('row', { name: /3f9c2a1/ }).first();
    await expect(gitShaRow).toBeVisible();
    await expect(gitShaRow.getByText('Git SHA')).toBeVisible();
    await expect(gitShaRow.getByTitle('3f9c2a1e8d4b7c6a5f0e9d8c7b6a5f4e3d2c1b0a')).toBeVisible();
    await expect(gitShaRow.getByRole('link', { name: 'git.example.com/acme/shop' })).toHaveAttribute(
      'href',
      'https://git.example.com/acme/shop',
    );
    for (const tag of ['8b41d07', 'c0ffee5', 'latest']) {
      await expect(tags.getByRole('button', { name: tag, exact: true })).toBeVisible();
    }
    const created = await tags
      .locator('tbody time')
      .evaluateAll((els) => els.map((el) => Date.parse(el.getAttribute('datetime') ?? '')));
    expect(created.length).toBeGreaterThanOrEqual(4);
    expect(created).toEqual([...created].sort((a, b) => b - a));

    // A tag opens its manifest beside the list.
    await tags.getByRole('button', { name: '3f9c2a1', exact: true }).click();
    const panel = page.getByRole('complementary', { name: /Manifest of wharf-demo\/app:3f9c2a1/ });
    await expect(panel.getByRole('heading', { name: /Layers/ })).toBeVisible();
    await expect(panel.getByText('org.opencontainers.image.revision')).toBeVisible();
    await expect(page).toHaveURL(/\?tag=3f9c2a1$/);
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();

    // Delete it again, after a confirmation.
    await page.goto('/registries');
    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
    expect(await registryNames(page.request)).not.toContain(name);
  });
});

test.describe('as a viewer', () => {
  test.use({ storageState: storageState('viewer') });
  const name = uniqueName('e2e-viewer-registry');
  let admin: APIRequestContext;

  test.beforeAll(async ({ baseURL }) => {
    admin = await signedInRequest(baseURL as string, USERNAMES.admin, PASSWORDS.admin);
    const res = await admin.post('/api/v1/registries', {
      data: { name, url: REGISTRY_URL, username: REGISTRY_USER, password: registryPassword() },
    });
    expect(res.status(), await res.text()).toBe(201);
  });

  test.afterAll(async () => {
    const res = await admin.delete(`/api/v1/registries/${encodeURIComponent(name)}`);
    await admin.dispose();
    expect(res.status()).toBe(200);
  });

  test('a viewer sees the registries read-only and the API refuses a change', async ({ page }) => {
    await page.goto('/registries');
    await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add registry' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^(Delete|Edit) / })).toHaveCount(0);

    const res = await page.request.post('/api/v1/registries', {
      data: { name: 'sneaky', url: REGISTRY_URL },
    });
    expect(res.status()).toBe(403);
    const del = await page.request.delete(`/api/v1/registries/${encodeURIComponent(name)}`);
    expect(del.status()).toBe(403);
  });
});

import { expect, test } from '@playwright/test';
import { storageState } from '../support/users';

/** A page's script directive, from the response's Content-Security-Policy header. */
function scriptSrc(csp: string | undefined): string {
  return (
    (csp ?? '')
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src ')) ?? ''
  );
}

test.describe('Content-Security-Policy', () => {
  test('the sign-in page runs under a policy without inline scripts, and nothing is refused', async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
    });
    const res = await page.goto('/signin');
    const script = scriptSrc(res?.headers()['content-security-policy']);
    expect(script).toMatch(/'nonce-[^']+'/);
    expect(script).not.toContain('unsafe-inline');
    expect(script).not.toContain('unsafe-eval');
    await expect(page.getByLabel('User name')).toBeVisible();
    expect(refused).toEqual([]);
    await context.close();
  });

  test.describe('signed in', () => {
    test.use({ storageState: storageState('admin') });
    test('pages hydrate and work under the policy, each with its own nonce', async ({ page }) => {
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      const nonces = new Set<string>();
      for (const path of ['/', '/services', '/hosts']) {
        const res = await page.goto(path);
        const script = scriptSrc(res?.headers()['content-security-policy']);
        expect(script, path).not.toContain('unsafe-inline');
        nonces.add(/'nonce-([^']+)'/.exec(script)?.[1] ?? '');
      }
      expect(nonces.size).toBe(3);
      // A client-side navigation works only if the page's scripts ran.
      await page.getByRole('link', { name: 'Services & releases' }).first().click();
      await expect(page).toHaveURL(/\/services$/);
      await expect(page.getByRole('heading', { name: /Services/ }).first()).toBeVisible();
      expect(refused).toEqual([]);
    });
  });
});

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { type APIRequestContext, expect, test } from '@playwright/test';
import Docker from 'dockerode';
import { fleetHost, readFleet } from '../support/fleet';
import { signedInRequest } from '../support/session';
import { PASSWORDS, storageState, USERNAMES } from '../support/users';

/** fleet-a's engine through its local socket, as an operator with shell access would reach it. */
function engine(): Docker {
  const host = fleetHost('fleet-a');
  return new Docker({ socketPath: new URL(host.socket ?? host.url).pathname });
}

const { images } = readFleet() as unknown as { images: { base: string } };
// Two letters no seeded name starts with, so two keystrokes reach this service.
const service = `qlog-${randomBytes(4).toString('hex')}`;
const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';
const SCRIPT_TEXT = `echo '${IMG}'; echo '${SCRIPT}'; i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.2; done`;

test.use({ storageState: storageState('viewer') });

test.describe
  .serial('on-call reads a service’s live log', () => {
    let admin: APIRequestContext;
    let startedAt = 0;

    test.beforeAll(async ({ baseURL }) => {
      admin = await signedInRequest(baseURL as string, USERNAMES.admin, PASSWORDS.admin);
      const container = await engine().createContainer({
        name: service,
        Image: images.base,
        Cmd: ['sh', '-c', SCRIPT_TEXT],
        Labels: { 'wharf.service': service, 'com.example.e2e': 'logs' },
        HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } } },
        StopTimeout: 1,
      });
      await container.start();
      startedAt = Date.parse((await container.inspect()).State.StartedAt);
      const created = await admin.post('/api/v1/services', {
        data: {
          name: service,
          hosts: ['fleet-a'],
          image: images.base.replace(/:[^:/]+$/, ''),
          containerName: service,
        },
      });
      expect(created.status(), await created.text()).toBe(201);
    });

    test.afterAll(async () => {
      await engine()
        .getContainer(service)
        .remove({ force: true })
        .catch(() => {});
      await admin.delete(`/api/v1/services/${service}`);
      await admin.dispose();
    });

    test('picks the service in two keystrokes and sees lines arrive live, HTML as text', async ({ page }) => {
      const dialogs: string[] = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.goto('/logs');
      const picker = page.getByTestId('log-picker');
      await expect(page.getByTestId('log-pick').first()).toBeVisible();
      await picker.pressSequentially(service.slice(0, 2));
      await expect(page.getByTestId('log-pick').first()).toContainText(service);
      await picker.press('Enter');
      await expect(page).toHaveURL(new RegExp(`/logs\\?service=${service}$`));
      await expect(page.getByTestId('log-status')).toHaveAttribute('data-status', 'live', {
        timeout: 30_000,
      });

      // New lines within a second: the newest tick on screen moves on.
      const newestTick = async () => {
        const texts = await page.getByTestId('log-line').allTextContents();
        const ticks = texts.map((t) => /tick (\d+)/.exec(t)?.[1]).filter(Boolean);
        return Number(ticks.at(-1) ?? -1);
      };
      await expect.poll(newestTick).toBeGreaterThanOrEqual(0);
      // Once the history is in and the stream follows: each new line is on screen within a second.
      const first = await newestTick();
      await expect.poll(newestTick, { intervals: [50] }).toBeGreaterThan(first);
      const seen = await newestTick();
      await expect.poll(newestTick, { timeout: 1000, intervals: [50] }).toBeGreaterThan(seen);
      const newestAge = async () => {
        const title = await page.getByTestId('log-line').last().locator('a[title]').getAttribute('title');
        return Date.now() - Date.parse((title ?? '').split(' ')[0] ?? '');
      };
      await expect.poll(newestAge, { intervals: [50] }).toBeLessThan(1000);

      // Regex filter: an invalid pattern says so inline; a valid one keeps only what matches.
      const regex = page.getByTestId('log-regex');
      await regex.fill('(onerror');
      await expect(page.getByRole('alert').filter({ hasText: 'Invalid regex' })).toBeVisible();
      await regex.fill('onerror|script');
      await expect(page.getByTestId('log-line')).toHaveCount(2);
      await expect(page.getByText(IMG, { exact: true })).toBeVisible();
      await expect(page.getByText(SCRIPT, { exact: true })).toBeVisible();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await page.locator('main script').count()).toBe(0);

      await regex.fill('tick \\d*7$');
      await expect
        .poll(async () => (await page.getByTestId('log-line').allTextContents()).length)
        .toBeGreaterThan(0);
      for (const text of await page.getByTestId('log-line').allTextContents())
        expect(text).toMatch(/tick \d*7$/);
      await regex.fill('');
      expect(dialogs).toEqual([]);
    });

    test('jumps to a time and downloads the range', async ({ page }) => {
      const dialogs: string[] = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.goto(`/logs?service=${service}`);
      await expect(page.getByTestId('log-status')).toHaveAttribute('data-status', 'live');
      await expect.poll(async () => page.getByTestId('log-line').count()).toBeGreaterThan(10);

      // Times in UTC, then a time two seconds after the container started.
      const utc = page.getByRole('button', { name: 'UTC' });
      if ((await utc.getAttribute('aria-pressed')) !== 'true') await utc.click();
      const at = new Date(startedAt + 2000);
      const typed = at.toISOString().slice(0, 19).replace('T', ' ');
      await page.getByTestId('log-jump').fill(typed);
      await page.getByTestId('log-jump').press('Enter');
      const target = page.locator('[data-testid=log-line][data-target]');
      await expect(target).toBeVisible();
      const shown = await target.locator('a[title]').first().getAttribute('title');
      const ts = Date.parse((shown ?? '').split(' ')[0] ?? '');
      expect(ts).toBeGreaterThanOrEqual(Math.floor(at.getTime() / 1000) * 1000);
      expect(ts).toBeLessThan(at.getTime() + 1500);
      await expect(page.getByTestId('jump-to-live')).toBeVisible();

      // The download is the same API address as plain text: every line of the range, as `ts text`.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('log-download').click(),
      ]);
      const file = await download.path();
      const text = fs.readFileSync(file, 'utf8');
      expect(text).toContain(IMG);
      expect(text).toMatch(/^\d{4}-\d\d-\d\dT\S+ .*tick 1$/m);
      expect(text.split('\n').filter((l) => l.includes('tick ')).length).toBeGreaterThan(10);
      expect(dialogs).toEqual([]);
    });
  });

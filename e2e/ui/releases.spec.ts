import { randomBytes, randomInt } from 'node:crypto';
import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import Docker from 'dockerode';
import type { TRelease, TServiceSummary } from '@/lib/types/releases';
import { fleetHost, pemsOf, readFleet } from '../support/fleet';
import { signedInRequest } from '../support/session';
import { PASSWORDS, storageState, USERNAMES } from '../support/users';

/** fleet-b's engine through its socket, the way an operator with shell access would reach it. */
function engine(): Docker {
  const host = fleetHost('fleet-b');
  return new Docker({ socketPath: new URL(host.socket ?? host.url).pathname });
}

const { images } = readFleet() as unknown as { images: { app: string } };
const service = `svc-e2e-${randomBytes(4).toString('hex')}`;
const port = randomInt(32000, 32500);
const servicePage = `/services/${service}`;
const RELEASE_TIMEOUT = 120_000;

/** What the published port answers: the demo app serves its own tag at /version. */
async function runningVersion(): Promise<string> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? (await res.text()).trim() : `HTTP ${res.status}`;
  } catch (error) {
    return `unreachable: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function release(api: APIRequestContext, id: string): Promise<TRelease> {
  const res = await api.get(`/api/v1/releases/${id}`);
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as TRelease;
}

async function rolePage(browser: Browser, role: 'operator' | 'lead' | 'viewer'): Promise<Page> {
  const context = await browser.newContext({ storageState: storageState(role) });
  return context.newPage();
}

const releaseIdOf = (page: Page) => new URL(page.url()).pathname.split('/').pop() ?? '';

test.describe
  .serial('an operator requests a release, a lead approves it, watches it and rolls it back', () => {
    let admin: APIRequestContext;

    test.beforeAll(async ({ baseURL }) => {
      admin = await signedInRequest(baseURL as string, USERNAMES.admin, PASSWORDS.admin);
      const b = fleetHost('fleet-b');
      const host = await admin.post('/api/v1/hosts', {
        data: { name: 'fleet-b', url: b.url, tls: pemsOf(b), labels: { env: 'e2e' }, timeoutMs: 4000 },
      });
      expect([201, 409], await host.text()).toContain(host.status());
      const created = await admin.post('/api/v1/services', {
        data: {
          name: service,
          hosts: ['fleet-b'],
          image: images.app,
          env: { LOG_LEVEL: 'info' },
          ports: [{ host: port, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
          healthcheck: {
            type: 'http',
            path: '/health',
            port: 8080,
            startPeriodSeconds: 1,
            deadlineSeconds: 60,
          },
          requiresApproval: true,
          labels: { 'com.example.e2e': 'releases' },
        },
      });
      expect(created.status(), await created.text()).toBe(201);
    });

    test.afterAll(async () => {
      const docker = engine();
      const containers = await docker.listContainers({
        all: true,
        filters: { label: [`wharf.service=${service}`] },
      });
      for (const c of containers) await docker.getContainer(c.Id).remove({ force: true });
      await admin.delete(`/api/v1/services/${service}`);
      await admin.dispose();
    });

    test('the release runs once a lead approves it, and the lead rolls the next one back', async ({
      browser,
    }) => {
      test.setTimeout(5 * RELEASE_TIMEOUT);
      const operator = await rolePage(browser, 'operator');
      const lead = await rolePage(browser, 'lead');

      // The operator asks for the Git-SHA tag 8b41d07, with a note for the lead.
      await operator.goto(servicePage);
      await expect(operator.getByTestId('current-release')).toContainText('Never released');
      await operator.getByRole('button', { name: 'Request release' }).click();
      let dialog = operator.getByRole('dialog');
      await dialog.getByRole('textbox', { name: 'Tag' }).fill('8b41d07');
      await dialog.getByLabel('Note').fill('first deploy of the health endpoint');
      await dialog.getByRole('button', { name: 'Request release' }).click();
      await expect(operator).toHaveURL(/\/releases\/[a-z0-9]+$/);
      const firstId = releaseIdOf(operator);
      await expect(operator.getByTestId('release-status')).toHaveText('awaiting approval');
      await expect(operator.getByRole('button', { name: 'Approve' })).toHaveCount(0);

      // A lead, in another browser, finds it in the approvals queue with its config diff.
      await lead.goto('/approvals');
      const request = lead.locator(`[data-testid="approval"][data-release="${firstId}"]`);
      await expect(request).toContainText('8b41d07');
      await expect(request).toContainText(USERNAMES.operator);
      await expect(request).toContainText('first deploy of the health endpoint');
      const diff = request.getByTestId('config-diff');
      await expect(diff).toContainText('healthcheck.path');
      await expect(diff).toContainText('"/health"');
      await request.getByRole('button', { name: 'Approve' }).click();
      dialog = lead.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Approve' }).click();
      await expect(request).toHaveCount(0);

      // The lead watches the steps complete on the release page.
      await lead.goto(`/releases/${firstId}`);
      await expect(lead.getByTestId('release-status')).toHaveText('succeeded', { timeout: RELEASE_TIMEOUT });
      const onB = lead.locator('[data-testid="step-group"][data-host="fleet-b"]');
      for (const step of ['preflight', 'swap', 'verify'])
        await expect(onB.locator(`[data-testid="step-row"][data-step="${step}"]`).first()).toHaveAttribute(
          'data-status',
          'ok',
        );
      await expect.poll(runningVersion, { timeout: 30_000 }).toBe('8b41d07');

      // A second release, 3f9c2a1, asked for and approved through the API, replaces it.
      const asked = await operator.request.post(`/api/v1/services/${service}/releases`, {
        data: { tag: '3f9c2a1', note: 'second build' },
      });
      expect(asked.status(), await asked.text()).toBe(201);
      const second = (await asked.json()) as TRelease;
      const approved = await lead.request.post(`/api/v1/releases/${second.id}/approve`, { data: {} });
      expect(approved.status(), await approved.text()).toBe(200);
      await expect
        .poll(async () => (await release(lead.request, second.id)).status, { timeout: RELEASE_TIMEOUT })
        .toBe('succeeded');
      await expect.poll(runningVersion, { timeout: 30_000 }).toBe('3f9c2a1');

      // The lead clicks Roll back on the first release in the timeline: the previous version runs again.
      await lead.goto(servicePage);
      const timeline = lead.getByRole('list', { name: 'Release history' });
      const firstItem = timeline.locator(`[data-testid="timeline-item"][data-release="${firstId}"]`);
      await expect(firstItem.getByTestId('rollback-check')).toContainText('Rollback possible');
      await firstItem.getByRole('button', { name: `Roll back to #${1}` }).click();
      dialog = lead.getByRole('dialog');
      await dialog.getByLabel(/Why/).fill('3f9c2a1 misbehaves');
      await dialog.getByRole('button', { name: 'Roll back' }).click();
      await expect(lead).toHaveURL(/\/releases\/[a-z0-9]+$/, { timeout: 30_000 });
      await expect(lead.getByTestId('release-status')).toHaveText('succeeded', { timeout: RELEASE_TIMEOUT });
      await expect(lead.getByRole('heading', { level: 1 })).toContainText('rollback');
      await expect(lead.getByTestId('release-kind-line')).toContainText('Rollback to #1');
      await expect.poll(runningVersion, { timeout: 30_000 }).toBe('8b41d07');

      await lead.goto(servicePage);
      await expect(lead.getByTestId('current-release')).toContainText('8b41d07');
      const summary = (await (
        await lead.request.get(`/api/v1/services/${service}`)
      ).json()) as TServiceSummary;
      expect(summary.current?.tag).toBe('8b41d07');
      expect(summary.current?.kind).toBe('rollback');

      await operator.context().close();
      await lead.context().close();
    });

    test('a viewer sees the history but no buttons', async ({ browser }) => {
      const viewer = await rolePage(browser, 'viewer');
      await viewer.goto(servicePage);
      await expect(viewer.getByTestId('timeline-item')).toHaveCount(3);
      await expect(viewer.getByTestId('current-release')).toContainText('8b41d07');
      for (const name of [
        'Request release',
        'Roll back to previous',
        'Roll back',
        'Edit',
        'Delete',
        'Add a freeze',
      ])
        await expect(viewer.getByRole('button', { name, exact: true })).toHaveCount(0);
      await expect(viewer.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
      await viewer.getByTestId('timeline-item').last().getByRole('link', { name: '#1' }).click();
      await expect(viewer.getByTestId('release-status')).toHaveText('succeeded');
      await expect(viewer.getByRole('table', { name: 'Release steps' })).toBeVisible();
      for (const name of ['Approve', 'Reject', 'Cancel release', 'Roll back to this'])
        await expect(viewer.getByRole('button', { name })).toHaveCount(0);
      await viewer.context().close();
    });
  });

import { type APIRequestContext, expect, type Locator, type Page, test } from '@playwright/test';
import { signedInRequest } from '../support/session';
import { FLEET_SEEDED, JS_URL, NAMES, type Seeded, seedUntrusted, V } from '../support/untrusted-fixtures';
import { PASSWORDS, storageState, USERNAMES } from '../support/users';

// Names, labels, env values, registry answers, log lines and audit details carrying markup are seeded
// once; then every page is visited and must show them as text, with no element, handler, link or dialog
// coming from them. To cover a new page, add it to PAGES with the values it shows. The host page's
// volumes, ports and networks tabs render the same components as the fleet pages listed here.

type PageCase = {
  name: string;
  path: (seeded: Seeded) => string;
  /** Values the page shows as text. */
  shows: string[];
  /** Values the page holds in form fields, where they are edited rather than shown. */
  fields?: string[];
  /** What says the page has loaded, for a page that shows none or few of the values. */
  ready?: (page: Page) => Locator;
};

const { host, container, volume, registry, repository, service, imageRepo, imageRef } = NAMES;
const containerLink = (page: Page) => page.getByRole('link', { name: container, exact: true }).first();
const imageText = (page: Page) => page.getByText(imageRepo).first();

const PAGES: PageCase[] = [
  { name: 'overview', path: () => '/', shows: [V.hostLabel] },
  { name: 'hosts', path: () => '/hosts', shows: [V.hostLabel] },
  {
    name: 'host page with its containers',
    path: () => `/hosts/${host}/containers`,
    shows: [V.hostLabel],
    ready: containerLink,
  },
  {
    name: 'container detail',
    path: () => `/hosts/${host}/containers/${container}`,
    shows: [
      V.containerLabel,
      V.containerLabelQuote,
      V.containerEnv,
      V.containerArg,
      V.workingDir,
      V.hostname,
      V.health,
      V.network,
    ],
  },
  {
    name: 'container detail of the fleet seed',
    path: () => `/hosts/${FLEET_SEEDED.host}/containers/${FLEET_SEEDED.container}`,
    shows: FLEET_SEEDED.values,
  },
  { name: 'host images', path: () => `/hosts/${host}?tab=images`, shows: [V.hostLabel], ready: imageText },
  { name: 'images', path: () => '/images', shows: [], ready: imageText },
  { name: 'image detail', path: () => `/images/${imageRef}`, shows: [V.imageRevision, JS_URL] },
  { name: 'lineage', path: () => '/images/lineage', shows: [], ready: imageText },
  {
    name: 'host image page',
    path: (s) => `/hosts/${host}/images/${encodeURIComponent(s.imageId)}`,
    shows: [
      V.imageLabel,
      V.imageRevision,
      V.imageDescription,
      JS_URL,
      V.containerEnv,
      V.containerArg,
      V.workingDir,
    ],
  },
  { name: 'volumes', path: () => '/volumes', shows: [V.protection] },
  {
    name: 'volume page',
    path: () => `/hosts/${host}/volumes/${volume}`,
    shows: [V.volumeLabel, V.protection],
  },
  { name: 'networks', path: () => '/networks', shows: [V.network] },
  { name: 'ports', path: () => '/ports', shows: [V.portNote] },
  { name: 'registries', path: () => '/registries', shows: [V.registryUser] },
  { name: 'registry page', path: () => `/registries/${registry}`, shows: [V.repo, V.repoQuote] },
  {
    name: 'repository tags page',
    path: () => `/registries/${registry}/repositories/${repository}`,
    shows: [V.tag, V.tagScript, V.registryError, V.registryRevision, JS_URL],
  },
  {
    name: 'tag manifest panel',
    path: () => `/registries/${registry}/repositories/${repository}?tag=1.0`,
    shows: [V.registryLabel, V.registryRevision, JS_URL],
  },
  {
    name: 'services',
    path: () => '/services',
    shows: [],
    ready: (page) => page.getByRole('link', { name: service, exact: true }),
  },
  {
    name: 'service page',
    path: () => `/services/${service}`,
    shows: [
      V.serviceEnv,
      V.serviceLabel,
      V.serviceCommand,
      V.releaseNote,
      V.pendingNote,
      V.rejectReason,
      V.freezeReason,
    ],
  },
  {
    name: 'service editor',
    path: () => `/services/${service}/edit`,
    shows: [],
    fields: [V.serviceEnv, V.serviceLabel, V.serviceCommand],
  },
  {
    name: 'new service adopted from the container',
    path: () => `/services/new?adoptHost=${host}&adoptContainer=${container}`,
    shows: [],
    fields: [V.containerEnv, V.containerLabel],
  },
  {
    name: 'release page',
    path: (s) => `/releases/${s.pendingRelease}`,
    shows: [V.pendingNote, V.serviceEnv, V.serviceLabel, V.serviceCommand],
  },
  {
    name: 'rejected release page',
    path: (s) => `/releases/${s.rejectedRelease}`,
    shows: [V.releaseNote, V.rejectReason],
  },
  { name: 'releases', path: () => '/releases', shows: [V.releaseNote, V.pendingNote] },
  { name: 'approvals', path: () => '/approvals', shows: [V.pendingNote, V.serviceEnv, V.serviceLabel] },
  {
    name: 'audit',
    path: () => '/audit',
    shows: [
      V.signinName,
      V.signinIp,
      V.tokenName,
      V.protection,
      V.registryUser,
      V.releaseNote,
      V.rejectReason,
      V.freezeReason,
      V.portNote,
    ],
  },
  {
    name: 'container logs',
    path: () => `/logs?host=${host}&container=${container}`,
    shows: [V.logStdout, V.logStderr, V.logAnsi, V.logJson],
  },
  {
    name: 'service logs',
    path: () => `/logs?service=${service}`,
    shows: [V.logStdout, V.logStderr, V.logAnsi, V.logJson],
  },
  { name: 'settings', path: () => '/settings', shows: [V.tokenName] },
];

/** What markup would have left on the page had it been rendered as HTML. */
function traces(page: Page) {
  return page.evaluate(() => {
    const count = (selector: string) => document.querySelectorAll(selector).length;
    return {
      pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
      '#injected': count('#injected'),
      'img[src=x]': count('img[src="x"]'),
      'svg[onload]': count('svg[onload]'),
      'on* handlers': count('[onerror], [onload]'),
      'injected scripts': Array.from(document.scripts).filter(
        (s) => s.textContent?.trim() === 'window.__pwned=1',
      ).length,
      'javascript: URLs': count('[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]'),
    };
  });
}

const CLEAN: Awaited<ReturnType<typeof traces>> = {
  pwned: null,
  '#injected': 0,
  'img[src=x]': 0,
  'svg[onload]': 0,
  'on* handlers': 0,
  'injected scripts': 0,
  'javascript: URLs': 0,
};

function fieldValues(page: Page): Promise<string[]> {
  return page
    .locator('input, textarea')
    .evaluateAll((els) => els.map((el) => (el as HTMLInputElement | HTMLTextAreaElement).value));
}

test.describe('untrusted text is shown as text on every page', () => {
  let admin: APIRequestContext;
  let seeded: Seeded;
  let cleanup: (() => Promise<string[]>) | undefined;
  // One signed-in tab visits the pages in turn, with a browser cache as a user's would have.
  let page: Page;
  let dialogs: string[] = [];

  test.beforeAll(async ({ baseURL, browser }) => {
    test.setTimeout(120_000);
    admin = await signedInRequest(baseURL as string, USERNAMES.admin, PASSWORDS.admin);
    ({ seeded, cleanup } = await seedUntrusted(admin, baseURL as string));
    page = await (await browser.newContext({ storageState: storageState('admin') })).newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
  });

  test.afterAll(async () => {
    test.setTimeout(60_000);
    await page?.context().close();
    const failures = (await cleanup?.()) ?? [];
    await admin?.dispose();
    expect(failures, 'removing the fixtures').toEqual([]);
  });

  for (const p of PAGES) {
    test(`${p.name} shows untrusted values as text`, async () => {
      dialogs = [];
      await page.goto(p.path(seeded));
      if (p.ready) await expect(p.ready(page), `${p.name} loads`).toBeVisible();
      // Soft, so that a value gone from the text still has its traces counted below.
      for (const text of p.shows) {
        await expect
          .soft(page.getByText(text).filter({ visible: true }).first(), `${p.name} shows ${text} as text`)
          .toBeVisible();
      }
      for (const text of p.fields ?? []) {
        await expect.soft
          .poll(() => fieldValues(page), { message: `${p.name} holds ${text} in a field` })
          .toContainEqual(expect.stringContaining(text));
      }
      expect(await traces(page), `${p.name} has nothing made from the values' markup`).toEqual(CLEAN);
      expect(dialogs, `${p.name} opened no dialog`).toEqual([]);
    });
  }
});

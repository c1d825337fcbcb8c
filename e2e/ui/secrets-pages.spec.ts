import { randomBytes } from 'node:crypto';
import { type APIRequestContext, expect, type Page, type Response, test } from '@playwright/test';
import { keyCanary } from '../../tests/integration/support/key-canary';
import { fleetHost, fleetRegistry, pemsOf } from '../support/fleet';
import { signedInRequest } from '../support/session';
import { PASSWORDS, storageState, USERNAMES } from '../support/users';

// The canaries, a host's TLS client key, a registry password, a service's secret env value and an API
// token, are saved through the API; then every page is opened as an admin, the most trusted reader, and
// nothing the browser receives for it (the HTML, the React Server Component payloads, the API answers
// the page fetches) may hold one of them.

const TAG = randomBytes(4).toString('hex');
const REGISTRY = `canary-reg-${TAG}`;
const SERVICE = `canary-svc-${TAG}`;
const SECRET_VALUE = `canary-secret-${randomBytes(12).toString('hex')}`;

const PAGES = [
  '/',
  '/hosts',
  '/hosts/fleet-a',
  '/hosts/fleet-a/containers',
  '/images',
  '/images/lineage',
  '/volumes',
  '/networks',
  '/ports',
  '/registries',
  `/registries/${REGISTRY}`,
  '/services',
  `/services/${SERVICE}`,
  `/services/${SERVICE}/edit`,
  '/releases',
  '/approvals',
  '/audit',
  '/logs',
  '/settings',
];

test.describe('secrets never reach the browser', () => {
  let admin: APIRequestContext;
  let canaries: Record<string, string>;
  let tokenId = '';

  test.beforeAll(async ({ baseURL }) => {
    admin = await signedInRequest(baseURL as string, USERNAMES.admin, PASSWORDS.admin);
    const registry = fleetRegistry();
    const reg = await admin.post('/api/v1/registries', { data: { ...registry, name: REGISTRY } });
    expect(reg.status(), await reg.text()).toBe(201);
    const service = await admin.post('/api/v1/services', {
      data: {
        name: SERVICE,
        hosts: ['fleet-a'],
        image: `${new URL(registry.url).host}/wharf-demo/app`,
        secretEnv: { DB_PASSWORD: SECRET_VALUE },
        requiresApproval: true,
      },
    });
    expect(service.status(), await service.text()).toBe(201);
    const token = await admin.post('/api/v1/tokens', { data: { name: `canary-${TAG}`, role: 'viewer' } });
    expect(token.status(), await token.text()).toBe(201);
    const made = (await token.json()) as { id: string; token: string };
    tokenId = made.id;
    canaries = {
      'TLS client key': keyCanary(pemsOf(fleetHost('fleet-a'))),
      'registry password': registry.password,
      'secret env value': SECRET_VALUE,
      'API token': made.token,
    };
    for (const [what, value] of Object.entries(canaries))
      expect(value.length, `${what} is long enough to be told apart`).toBeGreaterThanOrEqual(16);
  });

  test.afterAll(async () => {
    await admin.delete(`/api/v1/services/${SERVICE}`);
    await admin.delete(`/api/v1/registries/${REGISTRY}`);
    if (tokenId) await admin.delete(`/api/v1/tokens/${tokenId}`);
    await admin.dispose();
  });

  test.use({ storageState: storageState('admin') });

  /** Opens one page in `tab` and names every canary in what the browser received for it. */
  async function leaksOf(tab: Page, path: string): Promise<string[]> {
    const bodies: { url: string; text: Promise<string> }[] = [];
    const collect = (res: Response) => {
      const type = res.headers()['content-type'] ?? '';
      // A stream never ends; what it sends is covered by the API suites.
      if (type.includes('text/event-stream') || !/text|json|javascript|x-component/.test(type)) return;
      bodies.push({ url: res.url(), text: res.text().catch(() => '') });
    };
    tab.on('response', collect);
    try {
      await tab.goto(path);
      await expect(tab.locator('main').first(), `${path} renders`).toBeVisible();
      // A page shown signed out would hold nothing to find.
      expect(new URL(tab.url()).pathname, `${path} is shown signed in`).not.toBe('/signin');
      // The page has fetched what it shows once the responses stop coming for a moment.
      let seen = -1;
      await expect
        .poll(
          () => {
            const settled = bodies.length === seen;
            seen = bodies.length;
            return settled;
          },
          { intervals: [500], timeout: 30_000, message: `${path} kept loading` },
        )
        .toBe(true);
      expect(bodies.length, `${path} loaded nothing`).toBeGreaterThan(0);
      const fields = await tab
        .locator('input, textarea')
        .evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value).join('\n'));
      const received = [
        { url: `${path} (the page as shown)`, text: (await tab.content()) + fields },
        ...(await Promise.all(bodies.map(async (b) => ({ url: b.url, text: await b.text })))),
      ];
      const leaks: string[] = [];
      for (const { url, text } of received)
        for (const [what, value] of Object.entries(canaries))
          if (text.includes(value)) leaks.push(`${path}: ${url} holds the ${what}`);
      return leaks;
    } finally {
      tab.off('response', collect);
    }
  }

  test('no page, nor anything it loads, holds a canary', async ({ page }) => {
    test.setTimeout(180_000);
    const leaks: string[] = [];
    for (const path of PAGES) leaks.push(...(await leaksOf(page, path)));
    expect(leaks).toEqual([]);
  });
});

import { randomBytes } from 'node:crypto';
import { type APIRequestContext, expect, request, test } from '@playwright/test';
import Docker from 'dockerode';
import type { TPortReservation } from '@/lib/types/ports';
import { fleetHost } from '../support/fleet';
import { storageState } from '../support/users';

const HOST = 'fleet-c';
const note = `e2e checkout worker ${randomBytes(4).toString('hex')}`;

/** The host port the engine bound for shop-web's 8080, read from the engine itself. */
async function shopWebPort(): Promise<number> {
  const host = fleetHost(HOST);
  const docker = new Docker({ socketPath: new URL(host.socket ?? host.url).pathname });
  const info = await docker.getContainer('shop-web').inspect();
  const binding = info.NetworkSettings.Ports['8080/tcp']?.[0];
  if (!binding?.HostPort) throw new Error('shop-web publishes no host port for 8080/tcp');
  return Number(binding.HostPort);
}

async function operatorApi(baseURL: string): Promise<APIRequestContext> {
  return request.newContext({
    baseURL,
    storageState: storageState('operator'),
    extraHTTPHeaders: { Origin: baseURL },
  });
}

/** Removes what this spec reserved, found by its note, however far the test got. */
async function releaseOurs(baseURL: string): Promise<void> {
  const api = await operatorApi(baseURL);
  try {
    const res = await api.get(`/api/v1/hosts/${HOST}/port-reservations`);
    const list = (await res.json()) as TPortReservation[];
    for (const r of list.filter((x) => x.note === note)) {
      const del = await api.delete(`/api/v1/hosts/${HOST}/port-reservations/${r.id}`);
      expect(del.status()).toBe(200);
    }
  } finally {
    await api.dispose();
  }
}

test.describe('the port map', () => {
  test.describe('an operator', () => {
    test.use({ storageState: storageState('operator') });

    test.afterAll(async ({ baseURL }) => {
      await releaseOurs(baseURL as string);
    });

    test('finds who holds a port in one search, reserves a suggested free port and sees it on the map', async ({
      page,
      baseURL,
    }) => {
      // A long walk through the page while the fleet may be busy with other work.
      test.slow();
      const port = await shopWebPort();
      await page.goto(`/ports?host=${HOST}`);
      const map = page.getByTestId('port-map');
      await expect(map.getByRole('table', { name: 'Port claims' })).toBeVisible();

      // Who holds the port: one search answers, the table keeps that port only, the picture lights it.
      await page.keyboard.press('/');
      await page.keyboard.type(String(port));
      await expect(page.getByTestId('port-answer')).toContainText('shop-web');
      await expect(page.getByTestId('port-answer')).toContainText('service shop');
      const rows = map.getByTestId('claim-row');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toHaveAttribute('data-port', String(port));
      await expect(rows.first().getByRole('link', { name: 'shop-web' })).toBeVisible();
      await expect(page.locator(`[data-testid="port-highlight"][data-port="${port}"]`)).toHaveCount(1);

      // What is free: Wharf suggests, and the operator reserves the first suggestion.
      const box = page.getByTestId('suggest-box');
      await box.getByLabel('From', { exact: true }).fill('29100');
      await box.getByLabel('To', { exact: true }).fill('29199');
      await box.getByRole('button', { name: 'Suggest' }).click();
      const first = box.getByTestId('suggested-port').first();
      await expect(first).toBeVisible();
      const free = Number(await first.getAttribute('data-port'));
      expect(free).toBeGreaterThanOrEqual(29_100);
      await first.getByRole('button', { name: `Reserve ${free}/tcp` }).click();

      const dialog = page.getByRole('dialog');
      await expect(dialog.getByLabel('Port')).toHaveValue(String(free));
      await dialog.getByLabel('Note').fill(note);
      await dialog.getByRole('button', { name: 'Reserve', exact: true }).click();
      await expect(dialog).toBeHidden();

      // On the map: the answer to a search for it, the table, the picture and the reservations list.
      await page.getByLabel('Search the ports').fill(String(free));
      const answer = page.getByTestId('port-answer');
      await expect(answer).toContainText(note);
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toHaveAttribute('data-state', 'reserved');
      await answer.getByRole('button', { name: 'Show on the picture' }).click();
      const mark = page.locator(`[data-mark][data-lane="reserved"][data-from="${free}"][data-to="${free}"]`);
      await expect(mark).toBeVisible();
      await expect(mark).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByTestId('mark-details')).toContainText(note);
      await expect(box.locator(`[data-testid="suggested-port"][data-port="${free}"]`)).toHaveCount(0);
      const reservation = page.locator(`[data-testid="reservation-row"][data-port="${free}"]`);
      await expect(reservation).toContainText(note);

      // The server refuses the same port twice, naming the holder, and the dialog says so as it is.
      await page.getByRole('button', { name: 'Reserve a port' }).click();
      await dialog.getByLabel('Port').fill(String(free));
      await dialog.getByLabel('Note').fill('a second try');
      await dialog.getByRole('button', { name: 'Reserve', exact: true }).click();
      await expect(dialog.getByRole('alert')).toContainText(String(free));
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      // Released through the API; the map follows.
      await releaseOurs(baseURL as string);
      await page.reload();
      await page.getByLabel('Search the ports').fill(String(free));
      await expect(page.getByTestId('port-answer')).toContainText('it is free');
    });
  });

  test.describe('a viewer', () => {
    test.use({ storageState: storageState('viewer') });

    test('reads the map but is offered no Reserve', async ({ page }) => {
      await page.goto(`/ports?host=${HOST}`);
      await expect(page.getByRole('table', { name: 'Port claims' })).toBeVisible();
      await expect(page.getByTestId('host-network')).toContainText('hostnet');
      await page.getByTestId('suggest-box').getByRole('button', { name: 'Suggest' }).click();
      await expect(page.getByTestId('suggested-port').first()).toBeVisible();
      await expect(page.getByRole('button', { name: /^Reserve/ })).toHaveCount(0);
    });
  });
});

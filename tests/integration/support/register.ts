import { expect } from 'vitest';
import { api } from './api';
import { loadFleet } from './fleet';
import { fleetRegistry } from './registry';

/** Registers one engine of the test fleet under a name of the test's own, as an admin would. */
export async function registerFleetHost(
  token: string,
  name: string,
  engine: 'fleet-a' | 'fleet-b' | 'fleet-c',
): Promise<void> {
  const h = loadFleet().hosts[engine];
  const res = await api.post('/api/v1/hosts', { token, body: { name, url: h.url, tls: h.tls ?? undefined } });
  expect(res.status, res.text).toBe(201);
}

/** Registers the fleet's registry with its credentials under a name of the test's own. */
export async function registerFleetRegistry(token: string, name: string): Promise<void> {
  const r = fleetRegistry();
  const res = await api.post('/api/v1/registries', {
    token,
    body: { name, url: r.url, username: r.username, password: r.password },
  });
  expect(res.status, res.text).toBe(201);
}

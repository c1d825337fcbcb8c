import type { FullConfig } from '@playwright/test';
import { fleetHost, pemsOf } from './support/fleet';
import { signedInRequest } from './support/session';
import { PASSWORDS, USERNAMES } from './support/users';

/** Signs in as the first admin, makes one user per role and registers the test fleet. */
export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL as string;
  const admin = await signedInRequest(baseURL, USERNAMES.admin, PASSWORDS.admin);
  for (const role of ['lead', 'operator', 'viewer'] as const) {
    const res = await admin.post('/api/v1/users', {
      data: { username: USERNAMES[role], password: PASSWORDS[role], role },
    });
    if (res.status() !== 201 && res.status() !== 409)
      throw new Error(`creating ${role}: ${res.status()} ${await res.text()}`);
  }
  const a = fleetHost('fleet-a');
  const c = fleetHost('fleet-c');
  const hosts = [
    { name: 'fleet-a', url: a.url, tls: pemsOf(a), labels: { env: 'e2e' }, timeoutMs: 4000 },
    { name: 'fleet-c', url: c.url, labels: { env: 'e2e' }, timeoutMs: 1500 },
  ];
  for (const host of hosts) {
    const res = await admin.post('/api/v1/hosts', { data: host });
    if (res.status() !== 201 && res.status() !== 409)
      throw new Error(`adding ${host.name}: ${res.status()} ${await res.text()}`);
  }
  await admin.dispose();
}

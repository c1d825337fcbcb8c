import { randomBytes, randomInt } from 'node:crypto';
import { type APIRequestContext, type APIResponse, expect, request } from '@playwright/test';
import Docker from 'dockerode';
import { fleetHost, readFleet } from './fleet';
import { LyingRegistry } from './lying-registry';

// Text that would act if a page rendered it as HTML, put in every place Wharf shows text it does not
// control: Docker objects on a fleet engine, a registry that lies, and what users type into Wharf.

const id = randomBytes(4).toString('hex');

/** Each payload names the place it was put, so a failure says which value leaked. */
const img = (where: string) => `<img src=x onerror=window.__pwned=1 alt=${where}>`;
const script = (where: string) => `<script>window.__pwned=1</script>${where}`;
const svg = (where: string) => `<svg onload=window.__pwned=1 class=${where}>`;
const breakout = (where: string) => `"><b id=injected>${where}</b>`;
export const JS_URL = 'javascript:window.__pwned=1';

/** Every value seeded, by where it was put. */
export const V = {
  containerLabel: img('container-label'),
  containerLabelQuote: breakout('container-label'),
  containerEnv: script('container-env'),
  containerArg: svg('container-arg'),
  workingDir: `/srv/${breakout('workdir')}`,
  hostname: svg('hostname'),
  health: img('health-output'),
  logStdout: img('log-stdout'),
  logStderr: script('log-stderr'),
  logAnsi: svg('log-ansi'),
  logJson: '<b id=injected>log-json</b>',
  network: img(`net-${id}`),
  networkLabel: svg('network-label'),
  volumeLabel: svg('volume-label'),
  protection: img('protection-reason'),
  imageLabel: img('image-label'),
  imageRevision: svg('image-revision'),
  imageDescription: script('image-description'),
  hostLabel: img('host-label'),
  registryUser: svg('registry-user'),
  repo: img('catalog-repo'),
  repoQuote: breakout('catalog-repo'),
  tag: svg('tag'),
  tagScript: script('tag'),
  registryError: img('registry-error'),
  registryLabel: img('registry-label'),
  registryRevision: svg('registry-revision'),
  serviceEnv: script('service-env'),
  serviceLabel: img('service-label'),
  serviceCommand: svg('service-command'),
  releaseNote: img('release-note'),
  pendingNote: svg('pending-note'),
  rejectReason: script('reject-reason'),
  freezeReason: img('freeze-reason'),
  portNote: svg('port-note'),
  tokenName: img('token-name'),
  signinName: svg('signin-name'),
  signinIp: img('signin-ip'),
  sourceUrl: JS_URL,
} as const;

/** The seeded container's labels and env on fleet-a, made by scripts/fleet.sh. */
export const FLEET_SEEDED = {
  host: 'fleet-a',
  container: 'html-label',
  values: ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>'],
};

/** Names of what is made; unique per run. */
export const NAMES = {
  host: 'fleet-a',
  container: `inject-${id}`,
  volume: `inject-${id}`,
  imageRepo: `wharf-inject-${id}/app`,
  imageRef: `wharf-inject-${id}/app:1.0`,
  registry: `inject-${id}`,
  repository: 'inject/app',
  service: `inject-${id}`,
};

/** Ids known once made. */
export type Seeded = { imageId: string; pendingRelease: string; rejectedRelease: string };

const LOG_SCRIPT =
  'echo "$LOG_STDOUT"; echo "$LOG_STDERR" >&2; printf "\\033[31m%s\\033[0m\\n" "$LOG_ANSI"; ' +
  'printf "{\\"level\\":\\"error\\",\\"msg\\":\\"%s\\"}\\n" "$LOG_JSON"; exec sleep 3600';

function engine(): Docker {
  const host = fleetHost(NAMES.host);
  return new Docker({ socketPath: new URL(host.socket ?? host.url).pathname });
}

async function json(what: string, pending: Promise<APIResponse>): Promise<Record<string, unknown>> {
  const res = await pending;
  expect(res.ok(), `${what}: ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as Record<string, unknown>;
}

/**
 * Makes the fixtures through the fleet engine's API and Wharf's API, as `admin` (signed in as the admin),
 * and answers the ids the pages need and a `cleanup` that removes all of it, whatever was made.
 */
export async function seedUntrusted(
  admin: APIRequestContext,
  baseURL: string,
): Promise<{ seeded: Seeded; cleanup: () => Promise<string[]> }> {
  const docker = engine();
  const { host, container: containerName, volume, service } = NAMES;
  const made: {
    registry?: LyingRegistry;
    registryAdded?: boolean;
    network?: Docker.Network;
    volume?: boolean;
    container?: Docker.Container;
    imageId?: string;
    hostLabels?: Record<string, string>;
    protected?: boolean;
    reservation?: string;
    service?: boolean;
    freeze?: string;
    token?: string;
  } = {};

  const cleanup = async (): Promise<string[]> => {
    const failures: string[] = [];
    const step = async (what: string, run: () => Promise<unknown>) => {
      try {
        const result = await run();
        if (result && typeof result === 'object' && 'status' in result && 'ok' in result) {
          const res = result as APIResponse;
          if (!res.ok() && res.status() !== 404)
            failures.push(`${what}: ${res.status()} ${await res.text()}`);
        }
      } catch (error) {
        failures.push(`${what}: ${(error as Error).message}`);
      }
    };
    // Deleting the service ends its request that waits for a lead.
    if (made.token) await step('revoke the token', () => admin.delete(`/api/v1/tokens/${made.token}`));
    if (made.freeze) await step('lift the freeze', () => admin.delete(`/api/v1/freezes/${made.freeze}`));
    if (made.service) await step('delete the service', () => admin.delete(`/api/v1/services/${service}`));
    if (made.reservation)
      await step('drop the reservation', () =>
        admin.delete(`/api/v1/hosts/${host}/port-reservations/${made.reservation}`),
      );
    if (made.protected)
      await step('lift the protection', () =>
        admin.delete(`/api/v1/hosts/${host}/volumes/${volume}/protection`, {
          data: { reason: 'the fixture is removed' },
        }),
      );
    const labels = made.hostLabels;
    if (labels)
      await step('restore the host labels', () => admin.patch(`/api/v1/hosts/${host}`, { data: { labels } }));
    if (made.registryAdded)
      await step('delete the registry', () => admin.delete(`/api/v1/registries/${NAMES.registry}`));
    if (made.registry) await step('stop the registry', () => made.registry?.stop() ?? Promise.resolve());
    if (made.container)
      await step('remove the container', () => made.container?.remove({ force: true }) ?? Promise.resolve());
    if (made.imageId)
      await step('remove the image', () => docker.getImage(made.imageId as string).remove({ force: true }));
    if (made.volume) await step('remove the volume', () => docker.getVolume(volume).remove());
    if (made.network) await step('remove the network', () => made.network?.remove() ?? Promise.resolve());
    return failures;
  };

  /** On the engine: a network and a volume, a container that logs and checks its health, an image from it. */
  const onEngine = async () => {
    made.network = await docker.createNetwork({
      Name: V.network,
      Labels: { 'com.example.note': V.networkLabel },
    });
    await docker.createVolume({ Name: volume, Labels: { 'com.example.note': V.volumeLabel } });
    made.volume = true;
    const { images } = readFleet() as unknown as { images: { base: string } };
    const container = await docker.createContainer({
      name: containerName,
      Image: images.base,
      Cmd: ['sh', '-c', LOG_SCRIPT, V.containerArg],
      Env: [
        `NOTE=${V.containerEnv}`,
        `LOG_STDOUT=${V.logStdout}`,
        `LOG_STDERR=${V.logStderr}`,
        `LOG_ANSI=${V.logAnsi}`,
        `LOG_JSON=${V.logJson}`,
        `HEALTH_NOTE=${V.health}`,
      ],
      Labels: {
        'com.example.note': V.containerLabel,
        'com.example.quote': V.containerLabelQuote,
        'wharf.service': service,
      },
      WorkingDir: V.workingDir,
      Hostname: V.hostname,
      Healthcheck: { Test: ['CMD-SHELL', 'echo "$HEALTH_NOTE"'], Interval: 1e9, Timeout: 1e9, Retries: 3 },
      ExposedPorts: { '8080/tcp': {} },
      StopTimeout: 1,
      HostConfig: {
        NetworkMode: V.network,
        PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
        Mounts: [{ Type: 'volume', Source: volume, Target: '/data' }],
      },
    });
    made.container = container;
    await container.start();
    // The image config's labels go in the body of the commit, the repository and tag in its query.
    const committed = (await container.commit({
      _query: { container: container.id, repo: NAMES.imageRepo, tag: '1.0' },
      _body: {
        Labels: {
          'com.example.note': V.imageLabel,
          'org.opencontainers.image.source': JS_URL,
          'org.opencontainers.image.revision': V.imageRevision,
          'org.opencontainers.image.description': V.imageDescription,
        },
      },
    } as unknown as Parameters<Docker.Container['commit']>[0])) as { Id: string };
    made.imageId = committed.Id;
    await json(
      'protect the volume',
      admin.post(`/api/v1/hosts/${host}/volumes/${volume}/protection`, { data: { reason: V.protection } }),
    );
    made.protected = true;
    // Its output is shown once the health check has run.
    await expect
      .poll(async () => (await container.inspect()).State.Health?.Log?.length ?? 0, { timeout: 20_000 })
      .toBeGreaterThan(0);
  };

  /** A registry that lies, and a service of its image with a rejected release and one awaiting a lead. */
  const fromRegistry = async () => {
    const registry = await new LyingRegistry({
      repository: NAMES.repository,
      otherRepositories: [V.repo, V.repoQuote],
      tag: '1.0',
      otherTags: [V.tag, V.tagScript],
      labels: {
        'com.example.note': V.registryLabel,
        'org.opencontainers.image.source': JS_URL,
        'org.opencontainers.image.revision': V.registryRevision,
      },
      errorMessage: V.registryError,
    }).start();
    made.registry = registry;
    await json(
      'add the registry',
      admin.post('/api/v1/registries', {
        data: { name: NAMES.registry, url: registry.url, username: V.registryUser, password: 'any' },
      }),
    );
    made.registryAdded = true;
    await json(
      'create the service',
      admin.post('/api/v1/services', {
        data: {
          name: service,
          hosts: [host],
          image: `${registry.domain}/${NAMES.repository}`,
          containerName,
          command: ['sh', '-c', V.serviceCommand],
          env: { NOTE: V.serviceEnv },
          secretEnv: { API_KEY: `secret-${id}` },
          labels: { 'com.example.note': V.serviceLabel },
          requiresApproval: true,
        },
      }),
    );
    made.service = true;
    const release = (note: string) =>
      json(
        'request a release',
        admin.post(`/api/v1/services/${service}/releases`, { data: { tag: '1.0', note } }),
      );
    const rejected = String((await release(V.releaseNote)).id);
    await json(
      'reject it',
      admin.post(`/api/v1/releases/${rejected}/reject`, { data: { reason: V.rejectReason } }),
    );
    const pending = String((await release(V.pendingNote)).id);
    // A freeze that starts later, so the requests above were taken.
    const now = Date.now();
    const freeze = await json(
      'freeze the service',
      admin.post('/api/v1/freezes', {
        data: {
          service,
          startsAt: new Date(now + 3_600_000).toISOString(),
          endsAt: new Date(now + 7_200_000).toISOString(),
          reason: V.freezeReason,
        },
      }),
    );
    made.freeze = String(freeze.id);
    return { pending, rejected };
  };

  /** What people type: a host label, a port reservation, a token's name, a failed sign-in. */
  const typed = async () => {
    const current = await json('read the host', admin.get(`/api/v1/hosts/${host}`));
    const labels = (current.labels ?? {}) as Record<string, string>;
    await json(
      'label the host',
      admin.patch(`/api/v1/hosts/${host}`, { data: { labels: { ...labels, note: V.hostLabel } } }),
    );
    made.hostLabels = labels;
    const reservation = await json(
      'reserve a port',
      admin.post(`/api/v1/hosts/${host}/port-reservations`, {
        data: { port: randomInt(40_000, 45_000), proto: 'tcp', note: V.portNote },
      }),
    );
    made.reservation = String(reservation.id);
    const token = await json(
      'create a token',
      admin.post('/api/v1/tokens', { data: { name: V.tokenName, role: 'viewer' } }),
    );
    made.token = String(token.id);
    // The user name and the forwarded address of a failed sign-in go to the audit log as they came.
    const anonymous = await request.newContext({
      baseURL,
      extraHTTPHeaders: { Origin: baseURL, 'X-Forwarded-For': V.signinIp },
    });
    try {
      const csrf = (await (await anonymous.get('/api/auth/csrf')).json()) as { csrfToken: string };
      await anonymous.post('/api/auth/callback/credentials', {
        form: { csrfToken: csrf.csrfToken, username: V.signinName, password: 'wrong-password', json: 'true' },
        maxRedirects: 0,
      });
    } finally {
      await anonymous.dispose();
    }
  };

  // The three are independent; all end before anything is cleaned up.
  const [engineDone, releases, typedDone] = await Promise.allSettled([onEngine(), fromRegistry(), typed()]);
  const errors = [engineDone, releases, typedDone].flatMap((r) =>
    r.status === 'rejected' ? [(r.reason as Error).message] : [],
  );
  if (errors.length || releases.status !== 'fulfilled') {
    const failures = await cleanup();
    throw new Error(
      `seeding failed: ${errors.join('\n')}${failures.length ? `\nand cleaning up: ${failures.join('; ')}` : ''}`,
    );
  }
  return {
    seeded: {
      imageId: made.imageId as string,
      pendingRelease: releases.value.pending,
      rejectedRelease: releases.value.rejected,
    },
    cleanup,
  };
}

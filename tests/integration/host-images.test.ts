import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST as pullRoute } from '@/app/api/v1/hosts/[host]/images/pull/route';
import { connectionFor } from '@/lib/server/hosts/store';
import { pullToHost } from '@/lib/server/images/pull';
import { createRegistry, deleteRegistry } from '@/lib/server/registry/store';
import type { TContainer, THostSummary } from '@/lib/types/fleet';
import type {
  THostImages,
  TImageDetail,
  TImageRemoveResult,
  TPrunePreview,
  TPruneResult,
  TPullEvent,
} from '@/lib/types/images';
import { type ApiError, api, BASE_URL } from './support/api';
import { auditRows, deleteHostRows } from './support/db';
import { engine, loadFleet } from './support/fleet';
import { makeRoleUsers, type TestUser, uniqueName } from './support/principals';
import { deleteFromRegistry, fleetRegistry, pullImage, pushImage, tagImage } from './support/registry';

const fleet = loadFleet();
const registry = fleetRegistry();
const HOST_A = uniqueName('img-a');
const HOST_C = uniqueName('img-c');
const REGISTRY_NAME = uniqueName('img-reg');
const RUN = randomBytes(4).toString('hex');
/** Local-only test images; never pushed. */
const LOCAL = `wharf-test/host-images-${RUN}`;
/** Pushed to the fleet registry for the pull tests, deleted from it afterwards. */
const PULL_PATH = `wharf-test/host-images-pull-${RUN}`;
const PULL_REPO = `${registry.domain}/${PULL_PATH}`;
const BASE = `${registry.domain}/wharf-demo/base:1.36`;
const APP = `${registry.domain}/wharf-demo/app:8b41d07`;
const engines = { a: engine('fleet-a'), c: engine('fleet-c') };
const madeImages: { docker: Docker; id: string }[] = [];
const madeContainers: { docker: Docker; id: string }[] = [];
let users: Record<'viewer' | 'operator' | 'lead' | 'admin', TestUser>;

const images = (host: string) => `/api/v1/hosts/${host}/images`;
const imagePath = (host: string, ref: string) => `${images(host)}/${encodeURIComponent(ref)}`;

/** `docker build` with the classic builder, from a Dockerfile and files written to a scratch folder. */
async function build(
  docker: Docker,
  tag: string,
  dockerfile: string,
  files: Record<string, Buffer | string> = {},
): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-build-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    const stream = await docker.buildImage({ context: dir, src: ['Dockerfile', ...Object.keys(files)] }, {
      t: tag,
      version: '1',
      rm: true,
      forcerm: true,
    } as Docker.ImageBuildOptions);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null, output: { error?: string }[]) => {
        const failed = output?.find((o) => o.error);
        if (err || failed) reject(err ?? new Error(failed?.error));
        else resolve();
      });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const { Id } = await docker.getImage(tag).inspect();
  madeImages.push({ docker, id: Id });
  return Id;
}

/** A small image of its own on the demo base: one layer of `bytes` random bytes. */
function buildOwn(docker: Docker, tag: string, extra = '', bytes = 8192): Promise<string> {
  return build(
    docker,
    tag,
    `FROM ${BASE}\nCOPY payload.bin /payload.bin\nLABEL wharf.test=${RUN}\n${extra}\n`,
    { 'payload.bin': randomBytes(bytes) },
  );
}

async function exists(docker: Docker, ref: string): Promise<boolean> {
  return docker
    .getImage(ref)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function parseEvents(text: string): TPullEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as TPullEvent);
}

/**
 * A plain TCP door to an engine's unix socket that watches the requests going through, so a test can
 * see when Wharf's pull request to the engine is closed.
 */
class EngineTap {
  pulls = 0;
  pullsOpen = 0;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly socketPath: string) {}

  get url(): string {
    const address = this.server?.address() as net.AddressInfo;
    return `tcp://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.socketPath);
      let pulling = false;
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
      }
      client.on('data', (chunk: Buffer) => {
        if (!pulling && chunk.toString('latin1').startsWith('POST /images/create')) {
          pulling = true;
          this.pulls++;
          this.pullsOpen++;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => client.write(chunk));
      client.on('close', () => {
        if (pulling) this.pullsOpen--;
        this.sockets.delete(client);
        upstream.destroy();
      });
      upstream.on('close', () => {
        this.sockets.delete(upstream);
        client.destroy();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * A registry that serves a manifest and its config, then sends the first bytes of the layer and goes
 * silent, as a registry that hangs mid-download does. It counts the layer downloads still open.
 */
class StallingRegistry {
  blobRequests = 0;
  openBlobs = 0;
  private server: http.Server | undefined;
  private readonly config = Buffer.from(
    JSON.stringify({
      architecture: process.arch === 'arm64' ? 'arm64' : 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [`sha256:${randomBytes(32).toString('hex')}`] },
    }),
  );
  private readonly layer = `sha256:${randomBytes(32).toString('hex')}`;
  private readonly manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: this.config.length,
        digest: sha256(this.config),
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          size: 4_000_000,
          digest: this.layer,
        },
      ],
    }),
  );

  get domain(): string {
    const address = this.server?.address() as net.AddressInfo;
    return `127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve()));
    return this;
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? '';
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    if (url === '/v2/' || url === '/v2') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } else if (/\/manifests\//.test(url)) {
      res.writeHead(200, {
        'content-type': 'application/vnd.docker.distribution.manifest.v2+json',
        'docker-content-digest': sha256(this.manifest),
        'content-length': String(this.manifest.length),
      });
      res.end(req.method === 'HEAD' ? undefined : this.manifest);
    } else if (url.endsWith(`/blobs/${sha256(this.config)}`)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(this.config);
    } else if (url.endsWith(`/blobs/${this.layer}`)) {
      this.blobRequests++;
      this.openBlobs++;
      res.on('close', () => this.openBlobs--);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '4000000' });
      res.write(randomBytes(200_000));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"NAME_UNKNOWN"}]}');
    }
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

beforeAll(async () => {
  users = await makeRoleUsers('img');
  for (const [name, h] of [
    [HOST_A, fleet.hosts['fleet-a']],
    [HOST_C, fleet.hosts['fleet-c']],
  ] as const) {
    const res = await api.post('/api/v1/hosts', {
      token: users.admin.token,
      body: { name, url: h.url, tls: h.tls ?? undefined },
    });
    expect(res.status, res.text).toBe(201);
  }
  await createRegistry({
    name: REGISTRY_NAME,
    url: registry.url,
    username: registry.username,
    password: registry.password,
  });
});

afterAll(async () => {
  for (const { docker, id } of madeContainers)
    await docker
      .getContainer(id)
      .remove({ force: true })
      .catch(() => undefined);
  for (const { docker, id } of madeImages.reverse())
    await docker
      .getImage(id)
      .remove({ force: true })
      .catch(() => undefined);
  await deleteFromRegistry(PULL_PATH, ['v1', 'v2']);
  await deleteRegistry(REGISTRY_NAME).catch(() => undefined);
  await deleteHostRows([HOST_A, HOST_C]);
});

describe('images on a host', () => {
  let dangling: string;

  beforeAll(async () => {
    // Built before the host's image list is first read, so the list is not a cached one from before.
    const tag = `${LOCAL}:list`;
    dangling = await buildOwn(engines.a, tag);
    await buildOwn(engines.a, tag);
  });

  it('lists every image with tags, digests, size, labels, the containers using it and the dangling flag', async () => {
    const res = await api.get<THostImages>(images(HOST_A), { token: users.viewer.token });
    expect(res.status, res.text).toBe(200);
    expect(res.json.host.name).toBe(HOST_A);
    const list = res.json.images;
    const app = list.find((i) => i.repoTags.includes(APP));
    expect(app?.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(app?.repoDigests.some((d) => d.startsWith(`${registry.domain}/wharf-demo/app@sha256:`))).toBe(
      true,
    );
    expect(app?.labels['org.opencontainers.image.revision']).toMatch(/^8b41d07/);
    expect(app?.size).toBeGreaterThan(0);
    expect(app?.dangling).toBe(false);
    for (const image of list) expect(image.dangling).toBe(image.repoTags.length === 0);
    expect(list.find((i) => i.id === dangling)).toMatchObject({
      repoTags: [],
      dangling: true,
      containers: [],
    });

    const containers = await api.get<TContainer[]>(`/api/v1/hosts/${HOST_A}/containers`, {
      token: users.viewer.token,
    });
    for (const name of ['shop-web', 'stopped-job', 'data-store']) {
      const c = containers.json.find((x) => x.name === name);
      const image = list.find((i) => i.id === c?.imageId);
      expect(
        image?.containers.map((u) => u.name),
        name,
      ).toContain(name);
      expect(image?.containers.find((u) => u.name === name)?.state).toBe(c?.state);
    }
  });

  it('shows engine mirrors and insecure registries on the host', async () => {
    const res = await api.get<THostSummary>(`/api/v1/hosts/${HOST_A}`, { token: users.viewer.token });
    expect(res.status, res.text).toBe(200);
    expect(Array.isArray(res.json.engine?.registryMirrors)).toBe(true);
    expect(res.json.engine?.insecureRegistries).toContain('127.0.0.0/8');
  });
});

describe('the image page', () => {
  it('answers layers, labels, health check, ports and env for a repository:tag with slashes', async () => {
    const res = await api.get<TImageDetail>(imagePath(HOST_A, APP), { token: users.viewer.token });
    expect(res.status, res.text).toBe(200);
    const image = res.json;
    expect(image.repoTags).toContain(APP);
    expect(image.host.name).toBe(HOST_A);
    expect(image.labels['org.opencontainers.image.revision']).toMatch(/^8b41d07/);
    expect(image.labels['org.opencontainers.image.source']).toBe('https://git.example.com/acme/shop');
    expect(image.healthcheck).toEqual({
      test: ['CMD-SHELL', 'wget -q -O- http://127.0.0.1:8080/health || exit 1'],
      intervalSeconds: 2,
      timeoutSeconds: 2,
      startPeriodSeconds: 2,
      retries: 2,
    });
    expect(image.exposedPorts).toEqual(['8080/tcp']);
    expect(image.cmd[0]).toBe('httpd');
    expect(image.workingDir).toBe('/www');
    expect(image.env.map((e) => e.name)).toContain('PATH');
    expect(image.architecture).toBeTruthy();
    expect(image.os).toBe('linux');

    // History, oldest first: the base OS layer, then the middleware and the app steps.
    expect(image.layers[0]?.comment).toBe('wharf demo base: static busybox rootfs');
    expect(image.layers[0]?.empty).toBe(false);
    expect(image.layers[0]?.size).toBeGreaterThan(1_000_000);
    expect(image.layers.at(-1)?.createdBy).toContain('HEALTHCHECK');
    expect(image.layers.at(-1)?.empty).toBe(true);
    expect(image.layers.some((l) => l.createdBy.includes('LABEL') && l.empty)).toBe(true);
    expect(image.layers.filter((l) => !l.empty)).toHaveLength(image.rootfsLayers.length);
    expect(image.rootfsLayers.length).toBeGreaterThanOrEqual(3);
    for (const l of image.rootfsLayers) expect(l).toMatch(/^sha256:[0-9a-f]{64}$/);
    const times = image.layers.map((l) => l.createdAt);
    expect(times).toEqual([...times].sort());
  });

  it('finds the same image by full id and by a 12-digit id prefix', async () => {
    const byRef = await api.get<TImageDetail>(imagePath(HOST_A, APP), { token: users.viewer.token });
    const id = byRef.json.id;
    for (const ref of [id, id.slice('sha256:'.length), id.slice(7, 19)]) {
      const res = await api.get<TImageDetail>(imagePath(HOST_A, ref), { token: users.viewer.token });
      expect(res.status, `${ref}: ${res.text}`).toBe(200);
      expect(res.json.id).toBe(id);
      expect(res.json.repoTags).toContain(APP);
      expect(res.json.layers).toEqual(byRef.json.layers);
    }
  });

  it('names the containers that use the image', async () => {
    const containers = await api.get<TContainer[]>(`/api/v1/hosts/${HOST_A}/containers`, {
      token: users.viewer.token,
    });
    const web = containers.json.find((c) => c.name === 'shop-web');
    const res = await api.get<TImageDetail>(imagePath(HOST_A, web!.imageId), { token: users.viewer.token });
    expect(res.status, res.text).toBe(200);
    expect(res.json.containers).toContainEqual(
      expect.objectContaining({ id: web?.id, name: 'shop-web', state: 'running', service: 'shop' }),
    );
  });

  it('masks secret env values unless the caller may see secrets', async () => {
    const tag = `${LOCAL}:env`;
    await buildOwn(engines.c, tag, `ENV API_TOKEN=sekret-${RUN} MODE=test`);
    for (const user of [users.viewer, users.operator, users.lead]) {
      const res = await api.get<TImageDetail>(imagePath(HOST_C, tag), { token: user.token });
      expect(res.json.env).toContainEqual({ name: 'API_TOKEN', value: '••••••', masked: true });
      expect(res.json.env).toContainEqual({ name: 'MODE', value: 'test', masked: false });
      expect(res.text).not.toContain(`sekret-${RUN}`);
    }
    const res = await api.get<TImageDetail>(imagePath(HOST_C, tag), { token: users.admin.token });
    expect(res.json.env).toContainEqual({ name: 'API_TOKEN', value: `sekret-${RUN}`, masked: false });
  });

  it('answers 404 for an image the host does not have and 400 for a malformed one', async () => {
    const missing = await api.get<ApiError>(imagePath(HOST_A, `${LOCAL}:nope`), {
      token: users.viewer.token,
    });
    expect(missing.status, missing.text).toBe(404);
    for (const bad of ['UPPER/Case:1', 'a..b', 'abc;rm', '-x']) {
      const res = await api.get<ApiError>(imagePath(HOST_A, bad), { token: users.viewer.token });
      expect(res.status, `${bad}: ${res.text}`).toBe(400);
      expect(res.json.error.message).toContain('id');
    }
  });
});

describe('removing an image', () => {
  it('refuses with 409 naming the containers while the image is in use, running or not', async () => {
    const containers = await api.get<TContainer[]>(`/api/v1/hosts/${HOST_C}/containers`, {
      token: users.viewer.token,
    });
    const web = containers.json.find((c) => c.name === 'shop-web')!;
    const res = await api.delete<ApiError>(imagePath(HOST_C, web.imageId), { token: users.admin.token });
    expect(res.status, res.text).toBe(409);
    expect(res.json.error.message).toContain('shop-web (running)');
    expect(await exists(engines.c, web.imageId)).toBe(true);

    // A container that was created and never started holds the image just the same.
    const tag = `${LOCAL}:held`;
    const id = await buildOwn(engines.c, tag);
    const holder = await engines.c.createContainer({ Image: tag, name: uniqueName('img-holder') });
    madeContainers.push({ docker: engines.c, id: holder.id });
    const held = await api.delete<ApiError>(imagePath(HOST_C, tag), { token: users.admin.token });
    expect(held.status, held.text).toBe(409);
    expect(held.json.error.message).toMatch(/img-holder-[0-9a-f]+ \(created\)/);
    expect(await exists(engines.c, id)).toBe(true);
    const refused = await auditRows({ actor: users.admin.username, action: 'images.remove' });
    expect(refused[0]).toMatchObject({ result: 'error', status: 409 });
  });

  it('untags one of several tags, then removes the image with its last tag', async () => {
    const tag = `${LOCAL}:rm`;
    const other = `${LOCAL}-other:rm`;
    const id = await buildOwn(engines.c, tag);
    await tagImage(engines.c, tag, other);

    const untag = await api.delete<TImageRemoveResult>(imagePath(HOST_C, id), {
      token: users.admin.token,
      query: { tag },
    });
    expect(untag.status, untag.text).toBe(200);
    expect(untag.json).toMatchObject({ id, untagged: [tag], deleted: [] });
    expect(await exists(engines.c, id)).toBe(true);
    expect(await exists(engines.c, tag)).toBe(false);

    const gone = await api.delete<TImageRemoveResult>(imagePath(HOST_C, other), { token: users.admin.token });
    expect(gone.status, gone.text).toBe(200);
    expect(gone.json.untagged).toContain(other);
    expect(gone.json.deleted).toContain(id);
    expect(await exists(engines.c, id)).toBe(false);

    const audit = await auditRows({ actor: users.admin.username, action: 'images.remove' });
    expect(audit[0]).toMatchObject({ result: 'ok', target: `image:${HOST_C}/${other}` });
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ id, deleted: expect.arrayContaining([id]) });
    const list = await api.get<THostImages>(images(HOST_C), { token: users.viewer.token });
    expect(list.json.images.some((i) => i.id === id)).toBe(false);
  });

  it('removes an image tagged in two repositories by its id prefix', async () => {
    const tag = `${LOCAL}:two`;
    const other = `${LOCAL}-other:two`;
    const id = await buildOwn(engines.c, tag);
    await tagImage(engines.c, tag, other);
    const res = await api.delete<TImageRemoveResult>(imagePath(HOST_C, id.slice(7, 19)), {
      token: users.admin.token,
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json.untagged).toEqual(expect.arrayContaining([tag, other]));
    expect(res.json.deleted).toContain(id);
    expect(await exists(engines.c, id)).toBe(false);
  });

  it('answers 404 for a tag the image does not carry and 400 for a malformed one', async () => {
    const tag = `${LOCAL}:tagq`;
    await buildOwn(engines.c, tag);
    const wrong = await api.delete<ApiError>(imagePath(HOST_C, tag), {
      token: users.admin.token,
      query: { tag: `${LOCAL}:other` },
    });
    expect(wrong.status, wrong.text).toBe(404);
    const bad = await api.delete<ApiError>(imagePath(HOST_C, tag), {
      token: users.admin.token,
      query: { tag: 'Not A Tag' },
    });
    expect(bad.status, bad.text).toBe(400);
    expect(bad.json.error.message).toContain('tag');
    expect(await exists(engines.c, tag)).toBe(true);
  });

  it('is for admins: an operator gets 403 and the image stays', async () => {
    const tag = `${LOCAL}:op`;
    const id = await buildOwn(engines.c, tag);
    const res = await api.delete<ApiError>(imagePath(HOST_C, tag), { token: users.operator.token });
    expect(res.status).toBe(403);
    expect(await exists(engines.c, id)).toBe(true);
  });
});

describe('pruning dangling images', () => {
  /** Dangling images that were there before the test and are restored from the registry after it. */
  let before: TPrunePreview;

  beforeAll(async () => {
    const res = await api.get<TPrunePreview>(`${images(HOST_C)}/prune`, { token: users.viewer.token });
    before = res.json;
  });

  afterAll(async () => {
    for (const image of before.images) {
      const ref = image.repoDigests.find((d) => d.startsWith(`${registry.domain}/`));
      if (ref && !(await exists(engines.c, image.id))) await pullImage(engines.c, ref).catch(() => undefined);
    }
  });

  it('previews what goes and the space freed, and refuses a confirm once the set changed', async () => {
    const tag = `${LOCAL}:prune`;
    const first = await buildOwn(engines.c, tag, 'LABEL build=1', 16_384);
    const second = await buildOwn(engines.c, tag, 'LABEL build=2', 16_384);

    const preview = await api.get<TPrunePreview>(`${images(HOST_C)}/prune`, { token: users.viewer.token });
    expect(preview.status, preview.text).toBe(200);
    const ids = preview.json.images.map((i) => i.id);
    expect(ids).toContain(first);
    expect(ids).not.toContain(second);
    expect(ids).not.toContain((await engines.c.getImage(BASE).inspect()).Id);
    expect(preview.json.reclaimBytes).toBeGreaterThanOrEqual(16_384);
    expect(preview.json.confirm).toMatch(/^[0-9a-f]{64}$/);

    // Another build makes the second image dangle too: the old token no longer matches.
    const third = await buildOwn(engines.c, tag, 'LABEL build=3', 16_384);
    const stale = await api.post<ApiError>(`${images(HOST_C)}/prune`, {
      token: users.admin.token,
      body: { confirm: preview.json.confirm },
    });
    expect(stale.status, stale.text).toBe(409);
    expect(stale.json.error.message).toContain('changed since the preview; preview again');
    expect(await exists(engines.c, first)).toBe(true);

    const again = await api.get<TPrunePreview>(`${images(HOST_C)}/prune`, { token: users.viewer.token });
    expect(again.json.images.map((i) => i.id)).toEqual(expect.arrayContaining([first, second]));
    expect(again.json.confirm).not.toBe(preview.json.confirm);
    const pruned = await api.post<TPruneResult>(`${images(HOST_C)}/prune`, {
      token: users.admin.token,
      body: { confirm: again.json.confirm },
    });
    expect(pruned.status, pruned.text).toBe(200);
    expect(pruned.json.deleted.sort()).toEqual(again.json.images.map((i) => i.id).sort());
    expect(pruned.json.failed).toEqual([]);
    expect(pruned.json.reclaimedBytes).toBe(again.json.reclaimBytes);
    expect(await exists(engines.c, first)).toBe(false);
    expect(await exists(engines.c, second)).toBe(false);
    expect(await exists(engines.c, third)).toBe(true);

    const audit = await auditRows({ actor: users.admin.username, action: 'images.prune' });
    expect(audit[0]).toMatchObject({ result: 'ok', target: `host:${HOST_C}` });
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({
      deleted: expect.arrayContaining([first, second]),
      reclaimedBytes: again.json.reclaimBytes,
    });
    expect(audit[1]).toMatchObject({ result: 'error', status: 409 });
  });

  it('is for admins: an operator may preview but not prune', async () => {
    const preview = await api.get<TPrunePreview>(`${images(HOST_C)}/prune`, { token: users.operator.token });
    expect(preview.status).toBe(200);
    const res = await api.post<ApiError>(`${images(HOST_C)}/prune`, {
      token: users.operator.token,
      body: { confirm: preview.json.confirm },
    });
    expect(res.status).toBe(403);
  });
});

describe('pulling', () => {
  let pushedId: string;

  beforeAll(async () => {
    // A fresh image in the registry that fleet-c does not have yet.
    const tag = `${PULL_REPO}:v1`;
    pushedId = await buildOwn(engines.c, tag, '', 65_536);
    await pushImage(engines.c, tag);
    await engines.c.getImage(tag).remove();
    madeImages.push({ docker: engines.a, id: pushedId });
  });

  it('pulls a registry image with live progress and ends with done, the image id and digest', async () => {
    const ref = `${PULL_REPO}:v1`;
    const res = await api.post(`${images(HOST_C)}/pull`, { token: users.operator.token, body: { ref } });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const events = parseEvents(res.text);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.every((e) => e.host === HOST_C)).toBe(true);
    expect(progress.some((e) => e.status === 'Pull complete')).toBe(true);
    expect(progress.some((e) => e.status === 'Downloading' && (e.total ?? 0) > 0)).toBe(true);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'done', host: HOST_C, imageId: pushedId });
    expect(last?.type === 'done' && last.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await exists(engines.c, ref)).toBe(true);

    const list = await api.get<THostImages>(images(HOST_C), { token: users.viewer.token });
    expect(list.json.images.find((i) => i.id === pushedId)?.repoTags).toContain(ref);
    await expect
      .poll(async () => (await auditRows({ actor: users.operator.username, action: 'images.pull' }))[0])
      .toMatchObject({ result: 'ok', target: `image:${ref}` });
    const audit = (await auditRows({ actor: users.operator.username, action: 'images.pull' }))[0];
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ ref, hosts: [HOST_C] });
  });

  it('pulls to several hosts at once, each event tagged with its host', async () => {
    const ref = `${PULL_REPO}:v1`;
    const res = await api.post('/api/v1/images/pull', {
      token: users.operator.token,
      body: { ref, hosts: [HOST_A, HOST_C] },
    });
    expect(res.status, res.text).toBe(200);
    const events = parseEvents(res.text);
    for (const host of [HOST_A, HOST_C]) {
      const done = events.filter((e) => e.host === host && e.type === 'done');
      expect(done, host).toEqual([{ type: 'done', host, imageId: pushedId, digest: expect.any(String) }]);
    }
    expect(events.some((e) => e.type === 'error')).toBe(false);
    expect(await exists(engines.a, ref)).toBe(true);
  });

  it('ends with an error event when the registry has no such tag, and audits the failure', async () => {
    const ref = `${PULL_REPO}:missing`;
    const res = await api.post(`${images(HOST_C)}/pull`, { token: users.operator.token, body: { ref } });
    expect(res.status).toBe(200);
    const last = parseEvents(res.text).at(-1);
    expect(last).toMatchObject({ type: 'error', host: HOST_C });
    expect(last?.type === 'error' && last.message).toMatch(/not found|unknown/i);
    await expect
      .poll(async () => (await auditRows({ actor: users.operator.username, action: 'images.pull' }))[0])
      .toMatchObject({ result: 'error', target: `image:${ref}` });
  });

  it('says why the engine refused before streaming: no credentials for a registry Wharf does not know', async () => {
    // The same registry under another name, for which no credentials are configured.
    const ref = `localhost:${registry.domain.split(':')[1]}/wharf-demo/base:1.36`;
    const res = await api.post(`${images(HOST_C)}/pull`, { token: users.operator.token, body: { ref } });
    expect(res.status).toBe(200);
    expect(parseEvents(res.text)).toEqual([
      { type: 'error', host: HOST_C, message: expect.stringContaining('no basic auth credentials') },
    ]);
  });

  it('refuses malformed references with 400 naming ref, before anything reaches the engine', async () => {
    const bad = [
      'nginx:latest;rm -rf /',
      'Nginx:latest',
      'wharf-demo/App:1',
      'a..b',
      `nginx:${'x'.repeat(129)}`,
      'nginx@sha256:1234',
      '-nginx:latest',
    ];
    for (const ref of bad) {
      for (const path of [`${images(HOST_C)}/pull`, '/api/v1/images/pull']) {
        const res = await api.post<ApiError>(path, { token: users.operator.token, body: { ref } });
        expect(res.status, `${path} ${ref}: ${res.text}`).toBe(400);
        expect(res.json.error.message, ref).toContain('ref');
      }
    }
  });

  it('is for operators and up: a viewer gets 403', async () => {
    for (const path of [`${images(HOST_C)}/pull`, '/api/v1/images/pull']) {
      const res = await api.post(path, { token: users.viewer.token, body: { ref: `${PULL_REPO}:v1` } });
      expect(res.status, path).toBe(403);
    }
  });

  it('answers 404 for an unknown host before streaming', async () => {
    const res = await api.post<ApiError>('/api/v1/images/pull', {
      token: users.operator.token,
      body: { ref: `${PULL_REPO}:v1`, hosts: [HOST_C, 'no-such-host'] },
    });
    expect(res.status, res.text).toBe(404);
  });
});

describe('a pull that stalls or is abandoned', () => {
  const HOST_TAP = uniqueName('img-tap');
  let tap: EngineTap;
  let stalling: StallingRegistry;

  beforeAll(async () => {
    tap = await new EngineTap(new URL(fleet.hosts['fleet-c'].socket).pathname).start();
    const res = await api.post('/api/v1/hosts', {
      token: users.admin.token,
      body: { name: HOST_TAP, url: tap.url },
    });
    expect(res.status, res.text).toBe(201);
  });

  beforeEach(async () => {
    stalling = await new StallingRegistry().start();
  });

  afterEach(async () => {
    await stalling.stop();
  });

  afterAll(async () => {
    await deleteHostRows([HOST_TAP]);
    await tap.stop();
  });

  it('cuts a registry that stops sending with an error, and closes the pull request to the engine', async () => {
    const conn = await connectionFor(HOST_TAP);
    const events: TPullEvent[] = [];
    const outcome = await pullToHost(conn, `${stalling.domain}/wharf-test/stall:v1`, {
      auth: null,
      signal: new AbortController().signal,
      emit: (e) => events.push(e),
      stallMs: 1500,
    });
    expect(outcome.ok).toBe(false);
    expect(events.some((e) => e.type === 'progress' && e.status === 'Downloading')).toBe(true);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: 'error', host: HOST_TAP });
    expect(last?.type === 'error' && last.message).toContain('no progress for 2 s');
    expect(stalling.blobRequests).toBe(1);
    expect(tap.pulls).toBe(1);
    await expect.poll(() => tap.pullsOpen, { timeout: 10_000, interval: 100 }).toBe(0);
  });

  it('closes the pull request to the engine when the client goes away, and audits the cancelled pull', async () => {
    const ref = `${stalling.domain}/wharf-test/gone:v1`;
    const client = new AbortController();
    const req = new NextRequest(new URL(`${images(HOST_TAP)}/pull`, BASE_URL), {
      method: 'POST',
      headers: { authorization: `Bearer ${users.operator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref }),
      signal: client.signal,
    });
    const pullsBefore = tap.pulls;
    const res = await pullRoute(req, { params: Promise.resolve({ host: HOST_TAP }) });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"type":"progress"');
    await expect.poll(() => stalling.openBlobs, { timeout: 10_000, interval: 100 }).toBe(1);
    expect(tap.pullsOpen).toBe(1);
    client.abort();
    await reader.cancel();
    await expect.poll(() => tap.pullsOpen, { timeout: 10_000, interval: 100 }).toBe(0);
    expect(tap.pulls).toBe(pullsBefore + 1);
    await expect
      .poll(async () => (await auditRows({ actor: users.operator.username, action: 'images.pull' }))[0])
      .toMatchObject({ result: 'error', target: `image:${ref}` });
    const audit = (await auditRows({ actor: users.operator.username, action: 'images.pull' }))[0];
    expect(audit?.detail).toContain('cancelled');
  });
});

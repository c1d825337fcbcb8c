// The images benchmark's fixtures, generated here and deterministic, so that a second run finds them in
// place and skips the work:
// - FLEET_REPO: N small images (one shared layer, configs that differ by labels and created time), pushed
//   to the fleet registry under version and Git-SHA tags and pulled by every engine, so that each host has them with
//   the repo digests a real pull leaves and the registry knows every tag the hosts show;
// - MANY_TAGS_REPO: a repository with M tags (Git-SHA style tags plus `latest`), each its own config with
//   its own created time, so that newest-first ordering differs from name order.
// Nothing reaches the internet: the blobs are made here and the engines pull from the fleet registry.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { pool } from './fleet.mjs';
import { send, sendJson } from './http.mjs';
import {
  CONFIG_V1,
  deleteManifest,
  headManifest,
  LAYER_TAR_GZIP,
  listTags,
  MANIFEST_V2,
  pushBlob,
  putManifest,
  sha256,
} from './registry.mjs';

export const FLEET_REPO = 'wharf-bench/fleet';
export const MANY_TAGS_REPO = 'wharf-bench/many-tags';
/** On every fixture image; deliberately not `wharf.bench`, which marks the overview bench's containers. */
export const FIXTURE_LABEL = 'wharf.bench.fixture';
const SOURCE = 'https://git.example.com/wharf-bench/app';

/** One regular file in a ustar archive (header, content padded to 512 bytes). */
function tarEntry(name, content) {
  const header = Buffer.alloc(512);
  const put = (offset, length, value) => header.write(value, offset, length, 'ascii');
  const octal = (value, length) => `${value.toString(8).padStart(length - 1, '0')}\0`;
  put(0, 100, name);
  put(100, 8, octal(0o644, 8));
  put(108, 8, octal(0, 8));
  put(116, 8, octal(0, 8));
  put(124, 12, octal(content.length, 12));
  put(136, 12, octal(0, 12));
  put(148, 8, '        ');
  put(156, 1, '0');
  put(257, 6, 'ustar\0');
  put(263, 2, '00');
  put(265, 32, 'root');
  put(297, 32, 'root');
  let sum = 0;
  for (const byte of header) sum += byte;
  put(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding]);
}

/** The one layer every fixture image shares: a tar with a small text file, gzipped. */
export function fixtureLayer() {
  const tar = Buffer.concat([
    tarEntry('wharf-bench-fixture.txt', Buffer.from('A Wharf benchmark fixture; it is never run.\n')),
    Buffer.alloc(1024),
  ]);
  const blob = gzipSync(tar, { level: 9 });
  return { blob, digest: sha256(blob), size: blob.length, diffId: sha256(tar) };
}

function imageConfig({ architecture, created, labels, layer, version }) {
  const steps = [
    'ADD wharf-bench-fixture.txt /',
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `ENV APP_VERSION=${version}`,
    'WORKDIR /',
    'LABEL ...',
    'CMD ["/wharf-bench-fixture.txt"]',
  ];
  const config = {
    architecture,
    os: 'linux',
    created,
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `APP_VERSION=${version}`],
      Cmd: ['/wharf-bench-fixture.txt'],
      WorkingDir: '/',
      Labels: labels,
    },
    history: steps.map((step, i) => ({
      created,
      created_by: `/bin/sh -c #(nop) ${step}`,
      ...(i === 0 ? {} : { empty_layer: true }),
    })),
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
  };
  return Buffer.from(JSON.stringify(config));
}

function manifestFor(config, layer) {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_V2,
      config: { mediaType: CONFIG_V1, size: config.length, digest: sha256(config) },
      layers: [{ mediaType: LAYER_TAR_GZIP, size: layer.size, digest: layer.digest }],
    }),
  );
}

function entry(tag, config, layer) {
  const manifest = manifestFor(config, layer);
  return { tag, config, configDigest: sha256(config), manifest, digest: sha256(manifest) };
}

const HOUR = 3_600_000;

/**
 * The images every host gets, one image each (the image id is the config's digest): even ones under a
 * version tag 1.0.NNN, odd ones under a Git-SHA tag as app images carry, so that both kinds of tag are
 * in the fleet view.
 */
export function fleetImageSet(count, layer, architecture) {
  const base = Date.parse('2026-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(3, '0');
    const revision = createHash('sha1').update(`${FLEET_REPO}/${i}`).digest('hex');
    const tag = i % 2 === 0 ? `1.0.${n}` : revision.slice(0, 7);
    const config = imageConfig({
      architecture,
      created: new Date(base + i * HOUR).toISOString(),
      version: tag,
      layer,
      // A revision label makes an app image, which is expected to carry a Git-SHA tag; the version-tagged
      // ones are plain images, so that the fixtures break no tag policy.
      labels: {
        [FIXTURE_LABEL]: 'fleet',
        'org.opencontainers.image.title': `bench image ${n}`,
        'org.opencontainers.image.version': tag,
        ...(i % 2 === 0 ? {} : { 'org.opencontainers.image.revision': revision }),
        'org.opencontainers.image.source': SOURCE,
      },
    });
    return entry(tag, config, layer);
  });
}

/**
 * A repository's worth of tags: count - 1 Git-SHA style tags, each its own build (created one hour
 * apart, so that newest first is not name order), and `latest` on the newest build.
 */
export function manyTagsSet(count, layer, architecture) {
  const base = Date.parse('2025-06-01T00:00:00Z');
  const builds = [];
  const seen = new Set();
  for (let i = 0; builds.length < count - 1; i++) {
    const revision = createHash('sha1').update(`${MANY_TAGS_REPO}/${i}`).digest('hex');
    const tag = revision.slice(0, 7);
    if (seen.has(tag)) continue;
    seen.add(tag);
    const config = imageConfig({
      architecture,
      created: new Date(base + builds.length * HOUR).toISOString(),
      version: tag,
      layer,
      labels: {
        [FIXTURE_LABEL]: 'many-tags',
        'org.opencontainers.image.title': 'bench app',
        'org.opencontainers.image.revision': revision,
        'org.opencontainers.image.source': SOURCE,
      },
    });
    builds.push(entry(tag, config, layer));
  }
  const newest = builds[builds.length - 1];
  return [...builds, { ...newest, tag: 'latest' }];
}

/**
 * Makes sure the registry's repository holds exactly these tags on these manifests: skipped when the
 * tag list has them all and a sample of digests matches; otherwise pushes the blobs it lacks and puts
 * every manifest.
 */
export async function seedRepository(reg, repo, set, layer, { parallel }) {
  const { tags } = await listTags(reg, repo);
  const present = new Set(tags);
  if (set.every((e) => present.has(e.tag))) {
    const sample = [set[0], set[Math.floor(set.length / 2)], set[set.length - 1]];
    const digests = await Promise.all(sample.map((e) => headManifest(reg, repo, e.tag)));
    if (digests.every((d, i) => d.digest === sample[i].digest)) return { pushed: 0, tags: tags.length };
  }
  await pushBlob(reg, repo, layer.blob);
  const configs = new Map(set.map((e) => [e.configDigest, e.config]));
  await pool([...configs.values()], parallel, (config) => pushBlob(reg, repo, config));
  await pool(set, parallel, async (e) => {
    const digest = await putManifest(reg, repo, e.tag, e.manifest);
    if (digest !== e.digest)
      throw new Error(`${repo}:${e.tag}: the registry reports ${digest}, not ${e.digest}`);
  });
  return { pushed: set.length, tags: (await listTags(reg, repo)).tags.length };
}

/** Removes the repository's fixture manifests (and with them every tag on them). */
export async function unseedRepository(reg, repo, set, { parallel }) {
  const digests = [...new Set(set.map((e) => e.digest))];
  const removed = await pool(digests, parallel, (d) => deleteManifest(reg, repo, d));
  return removed.filter(Boolean).length;
}

/** `{ tag: imageId }` of the engine's images in a repository of the registry. */
async function hostTags(engine, registryHost, repo) {
  const name = `${registryHost}/${repo}`;
  const filters = encodeURIComponent(JSON.stringify({ reference: [name] }));
  const { data } = await sendJson(engine.socket, { path: `/images/json?filters=${filters}` });
  const tags = {};
  for (const image of data) {
    for (const t of image.RepoTags ?? [])
      if (t.startsWith(`${name}:`)) tags[t.slice(name.length + 1)] = image.Id;
  }
  return tags;
}

function registryAuth(reg) {
  const json = JSON.stringify({ username: reg.username, password: reg.password, serveraddress: reg.host });
  return Buffer.from(json).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Makes sure the engine has every image of the set under its tag, as pulled from the registry (so with
 * its repo digest). Pulls all tags of the repository in one Engine API call when any is missing or stale.
 */
export async function ensureHostImages(engine, reg, repo, set) {
  const stale = (tags) => set.filter((e) => tags[e.tag] !== e.configDigest);
  const missing = stale(await hostTags(engine, reg.host, repo));
  if (missing.length === 0) return { pulled: 0, present: set.length };
  const res = await send(engine.socket, {
    method: 'POST',
    path: `/images/create?fromImage=${encodeURIComponent(`${reg.host}/${repo}`)}`,
    headers: { 'x-registry-auth': registryAuth(reg) },
    timeoutMs: 600_000,
  });
  if (res.status !== 200) throw new Error(`${engine.name}: pull ${repo} -> ${res.status} ${res.body}`);
  for (const line of res.body.toString('utf8').split('\n')) {
    if (!line.trim()) continue;
    const message = JSON.parse(line);
    if (message.error) throw new Error(`${engine.name}: pull ${repo}: ${message.error}`);
  }
  const still = stale(await hostTags(engine, reg.host, repo));
  if (still.length)
    throw new Error(
      `${engine.name}: after the pull ${still.length} fixture images are still missing or stale (e.g. ${repo}:${still[0].tag})`,
    );
  return { pulled: missing.length, present: set.length };
}

/** Removes the fixture images from the engine (by tag; an image a container uses is refused and reported). */
export async function removeHostImages(engine, reg, repo, { parallel }) {
  const tags = Object.keys(await hostTags(engine, reg.host, repo));
  const refused = [];
  await pool(tags, parallel, async (tag) => {
    const res = await send(engine.socket, {
      method: 'DELETE',
      path: `/images/${encodeURIComponent(`${reg.host}/${repo}:${tag}`)}`,
    });
    if (res.status !== 200 && res.status !== 404) refused.push(`${tag}: ${res.status} ${res.body}`);
  });
  return { removed: tags.length - refused.length, refused };
}

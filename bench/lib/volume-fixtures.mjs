// The volumes benchmark's fixtures on the fleet engines, made through each engine's unix socket:
// - N named volumes `wharf-bench-vol-000...` per engine, and a few created (never started) containers
//   that mount some of them, so that the inventory has users, shared volumes and data-only holders;
// - a data volume filled with incompressible data by a short-lived container, for the transfer figures.
// Everything carries the label `wharf.bench=volumes` (the overview bench's containers carry
// `wharf.bench=true`, so neither bench removes the other's), and the volumes Wharf creates by a restore
// are named `wharf-bench-vol-restore-N`, so that a clean-up finds all of them.
import { randomBytes } from 'node:crypto';
import { BENCH_LABEL, pool } from './fleet.mjs';
import { send, sendJson } from './http.mjs';

export const VOLUME_PREFIX = 'wharf-bench-vol-';
export const BENCH_VALUE = 'volumes';
export const BENCH_LABELS = { [BENCH_LABEL]: BENCH_VALUE };
export const DATA_VOLUME = `${VOLUME_PREFIX}data`;
/** Names of the volumes a restore creates; they carry whatever labels Wharf gives them. */
export const RESTORE_NAME = /^wharf-bench-vol-restore-\d+$/;

export const volumeName = (i) => `${VOLUME_PREFIX}${String(i).padStart(3, '0')}`;
export const userName = (j) => `${VOLUME_PREFIX}user-${j}`;
export const restoreName = (round) => `${VOLUME_PREFIX}restore-${round}`;

/** The label of the short-lived containers Wharf makes for a backup or a restore. */
const WHARF_HELPER_LABEL = 'wharf.helper';

const benchFilter = encodeURIComponent(JSON.stringify({ label: [`${BENCH_LABEL}=${BENCH_VALUE}`] }));
const SMALL_LOGS = { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } };

/**
 * The volumes user container `j` mounts: `perUser` consecutive ones starting at `j * (perUser - 1)`, so
 * that neighbours share one volume (a volume with two users).
 */
export function userVolumes(j, perUser) {
  const first = j * Math.max(1, perUser - 1);
  return Array.from({ length: perUser }, (_, k) => volumeName(first + k));
}

async function benchVolumes(engine) {
  const { data } = await sendJson(engine.socket, { path: `/volumes?filters=${benchFilter}` });
  return data.Volumes ?? [];
}

async function benchContainers(engine) {
  const { data } = await sendJson(engine.socket, { path: `/containers/json?all=1&filters=${benchFilter}` });
  return data;
}

async function createVolume(engine, name, labels = BENCH_LABELS) {
  const res = await sendJson(engine.socket, {
    method: 'POST',
    path: '/volumes/create',
    json: { Name: name, Labels: labels },
  });
  return res.data;
}

/** Removes a volume by name; a volume that is not there is fine. */
export async function removeVolume(engine, name) {
  const res = await send(engine.socket, { method: 'DELETE', path: `/volumes/${encodeURIComponent(name)}` });
  if (res.status !== 204 && res.status !== 404)
    throw new Error(`${engine.name}: remove volume ${name} -> ${res.status} ${res.body}`);
}

export async function removeContainer(engine, ref) {
  const res = await send(engine.socket, {
    method: 'DELETE',
    path: `/containers/${encodeURIComponent(ref)}?force=1`,
  });
  if (res.status !== 204 && res.status !== 404)
    throw new Error(`${engine.name}: remove container ${ref} -> ${res.status} ${res.body}`);
}

/** Creates a container (not started) with the bench label and the given volume mounts. */
export async function createHolder(engine, { name, image, mounts, cmd = ['sleep', '100000'], tty = false }) {
  const res = await sendJson(engine.socket, {
    method: 'POST',
    path: `/containers/create?name=${encodeURIComponent(name)}`,
    json: {
      Image: image,
      Cmd: cmd,
      Tty: tty,
      Labels: BENCH_LABELS,
      HostConfig: {
        LogConfig: SMALL_LOGS,
        Mounts: mounts.map((m) => ({
          Type: 'volume',
          Source: m.volume,
          Target: m.target,
          ReadOnly: Boolean(m.readOnly),
        })),
      },
    },
  });
  return res.data.Id;
}

/**
 * Makes sure the engine has `count` bench volumes and `users` created containers mounting some of them
 * (`perUser` each). Reuses what is there. Answers what it did.
 */
export async function ensureBenchVolumes(engine, { count, users, perUser, image, parallel, isStopped }) {
  const { status } = await send(engine.socket, { path: `/images/${encodeURIComponent(image)}/json` });
  if (status !== 200)
    throw new Error(
      `${engine.name}: image ${image} is not on the engine (status ${status}); run \`npm run fleet -- up\``,
    );
  const present = new Set((await benchVolumes(engine)).map((v) => v.Name));
  const wanted = Array.from({ length: count }, (_, i) => volumeName(i));
  let created = 0;
  await pool(wanted, parallel, async (name) => {
    if (isStopped()) throw new Error('interrupted');
    if (present.has(name)) return;
    await createVolume(engine, name);
    created++;
  });
  const holders = new Set();
  for (const c of await benchContainers(engine))
    for (const n of c.Names ?? []) holders.add(n.replace(/^\//, ''));
  let usersCreated = 0;
  for (let j = 0; j < users; j++) {
    if (isStopped()) throw new Error('interrupted');
    if (holders.has(userName(j))) continue;
    await createHolder(engine, {
      name: userName(j),
      image,
      mounts: userVolumes(j, perUser).map((volume, k) => ({ volume, target: `/data${k}` })),
    });
    usersCreated++;
  }
  return { created, reused: count - created, usersCreated, users };
}

/**
 * Removes every bench container and volume of the engine (and the volumes restores made), or with
 * `keepFixtures` only what a run makes for the transfer figures. Answers the counts.
 */
export async function removeBenchVolumes(engine, { parallel, keepFixtures = false }) {
  const isFixture = (name) => /^wharf-bench-vol-(\d{3,}|user-\d+)$/.test(name);
  const containers = (await benchContainers(engine)).filter(
    (c) => !keepFixtures || !(c.Names ?? []).some((n) => isFixture(n.replace(/^\//, ''))),
  );
  await pool(containers, parallel, (c) => removeContainer(engine, c.Id));
  // A run stopped in the middle of a backup or restore can leave Wharf's helper container on a bench volume.
  const helperFilter = encodeURIComponent(JSON.stringify({ label: [WHARF_HELPER_LABEL] }));
  const { data: helpers } = await sendJson(engine.socket, {
    path: `/containers/json?all=1&filters=${helperFilter}`,
  });
  const onBenchVolume = (c) =>
    (c.Mounts ?? []).some((m) => m.Type === 'volume' && m.Name?.startsWith(VOLUME_PREFIX));
  await pool(helpers.filter(onBenchVolume), parallel, (c) => removeContainer(engine, c.Id));
  const { data } = await sendJson(engine.socket, { path: '/volumes' });
  const volumes = (data.Volumes ?? [])
    .filter((v) => v.Labels?.[BENCH_LABEL] === BENCH_VALUE || RESTORE_NAME.test(v.Name))
    .filter((v) => !keepFixtures || !(isFixture(v.Name) || v.Name === DATA_VOLUME));
  const failed = [];
  await pool(volumes, parallel, (v) => removeVolume(engine, v.Name).catch((e) => failed.push(e.message)));
  return { containers: containers.length, volumes: volumes.length - failed.length, failed };
}

/**
 * Runs `script` with `sh -c` in a short-lived container of `image` with the volume at /data, waits for
 * it and answers its output (a TTY, so the log is plain text). Fails on a non-zero exit.
 */
export async function runInVolume(engine, { image, volume, script, readOnly = false, timeoutMs = 600_000 }) {
  const name = `${VOLUME_PREFIX}run-${randomBytes(4).toString('hex')}`;
  const id = await createHolder(engine, {
    name,
    image,
    cmd: ['sh', '-c', script],
    tty: true,
    mounts: [{ volume, target: '/data', readOnly }],
  });
  try {
    await sendJson(engine.socket, { method: 'POST', path: `/containers/${id}/start` });
    const waited = await sendJson(engine.socket, {
      method: 'POST',
      path: `/containers/${id}/wait`,
      timeoutMs,
    });
    const logs = await send(engine.socket, { path: `/containers/${id}/logs?stdout=1&stderr=1` });
    const output = logs.body.toString('utf8').replace(/\r\n/g, '\n');
    if (waited.data.StatusCode !== 0)
      throw new Error(
        `${engine.name}: \`${script.slice(0, 80)}\` exited ${waited.data.StatusCode}: ${output}`,
      );
    return output;
  } finally {
    await removeContainer(engine, id).catch(() => {});
  }
}

/**
 * What the volume holds, measured inside a container: regular files, their bytes, and one SHA-256 over
 * every file's path and content digest (so two volumes with equal `digest` hold the same files).
 */
export async function volumeContent(engine, { image, volume }) {
  const out = await runInVolume(engine, {
    image,
    volume,
    readOnly: true,
    script: [
      'cd /data',
      'echo "files $(find . -type f | wc -l)"',
      'echo "bytes $(find . -type f -exec stat -c %s {} + | awk \'{s+=$1} END {print s+0}\')"',
      'echo "digest $(find . -type f | sort | xargs busybox sha256sum | busybox sha256sum | cut -d" " -f1)"',
    ].join(' && '),
  });
  const field = (key) => new RegExp(`^${key} (\\S+)$`, 'm').exec(out)?.[1];
  const files = Number(field('files'));
  const bytes = Number(field('bytes'));
  const digest = field('digest');
  if (!Number.isFinite(files) || !Number.isFinite(bytes) || !digest)
    throw new Error(`${engine.name}: could not read the content of ${volume}: ${out.slice(0, 300)}`);
  return { files, bytes, digest };
}

/**
 * Makes sure the data volume holds `bigMB` MB (10^6 bytes) of random bytes in one file plus `smallFiles`
 * random files of `smallBytes` each under small/. Reuses the volume when its content already has that
 * shape. Answers its content and whether it was filled now.
 */
export async function ensureDataVolume(engine, { image, bigMB, smallFiles, smallBytes }) {
  const files = 1 + smallFiles;
  const bytes = bigMB * 1_000_000 + smallFiles * smallBytes;
  const exists = (await benchVolumes(engine)).some((v) => v.Name === DATA_VOLUME);
  if (exists) {
    const content = await volumeContent(engine, { image, volume: DATA_VOLUME });
    if (content.files === files && content.bytes === bytes) return { ...content, filled: false };
  } else await createVolume(engine, DATA_VOLUME);
  await runInVolume(engine, {
    image,
    volume: DATA_VOLUME,
    script: [
      'rm -rf /data/* /data/.[!.]*',
      `busybox dd if=/dev/urandom of=/data/big.bin bs=1000000 count=${bigMB} 2>/dev/null`,
      'mkdir /data/small',
      `for i in $(seq 1 ${smallFiles}); do head -c ${smallBytes} /dev/urandom > /data/small/file-$i.bin; done`,
    ].join(' && '),
  });
  const content = await volumeContent(engine, { image, volume: DATA_VOLUME });
  if (content.files !== files || content.bytes !== bytes)
    throw new Error(
      `${engine.name}: ${DATA_VOLUME} holds ${content.files} files / ${content.bytes} bytes after filling, expected ${files} / ${bytes}`,
    );
  return { ...content, filled: true };
}

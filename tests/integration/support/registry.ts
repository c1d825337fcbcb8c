import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { removeRepositoryFiles } from './registry-push';

function fleetDir(): string {
  return process.env.WHARF_FLEET_DIR ?? '/var/tmp/wharf-fleet';
}

/** The fleet's private registry, as `scripts/fleet.sh up` describes it. */
export function fleetRegistry(): { url: string; domain: string; username: string; password: string } {
  const dir = fleetDir();
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'fleet.json'), 'utf8')) as {
    registry: { url: string; username: string; passwordFile: string };
  };
  const password = fs.readFileSync(json.registry.passwordFile, 'utf8').trim();
  return {
    url: json.registry.url,
    domain: new URL(json.registry.url).host,
    username: json.registry.username,
    password,
  };
}

function authconfig() {
  const r = fleetRegistry();
  return { username: r.username, password: r.password, serveraddress: r.domain };
}

async function follow(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, output: { error?: string }[]) => {
      const failed = output?.find((o) => o.error);
      if (err || failed) reject(err ?? new Error(failed?.error));
      else resolve();
    });
  });
}

/** `docker tag source target` on one engine. */
export async function tagImage(docker: Docker, source: string, target: string): Promise<void> {
  const at = target.lastIndexOf(':');
  await docker.getImage(source).tag({ repo: target.slice(0, at), tag: target.slice(at + 1) });
}

/** `docker push ref` from one engine to the fleet registry. */
export async function pushImage(docker: Docker, ref: string): Promise<void> {
  const stream = await docker.getImage(ref).push({ authconfig: authconfig() });
  await follow(docker, stream);
}

/** `docker pull ref` on one engine from the fleet registry. */
export async function pullImage(docker: Docker, ref: string): Promise<void> {
  const stream = await docker.pull(ref, { authconfig: authconfig() });
  await follow(docker, stream);
}

/** Removes the tags (not the shared layers) a test made, ignoring ones already gone. */
export async function untag(docker: Docker, refs: string[]): Promise<void> {
  for (const ref of refs)
    await docker
      .getImage(ref)
      .remove({ noprune: false })
      .catch(() => undefined);
}

/** Deletes a repository's manifests from the fleet registry by digest, so test repositories do not pile up. */
export async function deleteFromRegistry(repository: string, tags: string[]): Promise<void> {
  const r = fleetRegistry();
  const auth = `Basic ${Buffer.from(`${r.username}:${r.password}`).toString('base64')}`;
  const accept = [
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.index.v1+json',
  ].join(', ');
  for (const tag of tags) {
    const head = await fetch(`${r.url}/v2/${repository}/manifests/${tag}`, {
      method: 'HEAD',
      headers: { authorization: auth, accept },
    });
    const digest = head.headers.get('docker-content-digest');
    if (!head.ok || !digest) continue;
    await fetch(`${r.url}/v2/${repository}/manifests/${digest}`, {
      method: 'DELETE',
      headers: { authorization: auth },
    });
  }
  // The API cannot delete a repository; a test repository's files go too, so
  // the shared registry's catalog does not grow run after run.
  if (repository.startsWith('wharf-test/'))
    removeRepositoryFiles(path.join(fleetDir(), 'registry/data'), repository);
}

/** The registry's digest of a tag, asked directly. */
export async function registryDigestOf(repository: string, tag: string): Promise<string | null> {
  const r = fleetRegistry();
  const res = await fetch(`${r.url}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      authorization: `Basic ${Buffer.from(`${r.username}:${r.password}`).toString('base64')}`,
      accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  return res.ok ? res.headers.get('docker-content-digest') : null;
}

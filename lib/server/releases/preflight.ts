import 'server-only';
import { isAppError } from '@/lib/errors';
import { parseReference } from '@/lib/images/reference';
import type { TServiceSpec } from '@/lib/schemas/services';
import { getDocker, type HostConnection, withDeadline } from '../docker/client';
import { inspectEngineVolume } from '../docker/volumes';
import { connectionFor } from '../hosts/store';
import { inspectFresh } from '../images/inspect';
import { portFreeFor } from '../ports/map';
import { tagDigest } from '../registry/api';
import { connFromRow } from '../registry/conn';
import { registryForDomain } from '../registry/store';
import { findServiceRecord } from '../services/store';
import { inspectOrNull, liveName } from './host-ops';

/** dockerode's typings miss the options argument these calls take. */
type WithOptions = { ping(o: object): Promise<unknown>; inspect(o: object): Promise<unknown> };

const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none', 'default']);

export type Preflight = { ok: boolean; problems: string[]; notes: string[]; imagePresent: boolean };

/** Whether the image is on the host already; the engine answers an unknown image with 404. */
export async function imageOnHost(conn: HostConnection, image: string): Promise<boolean> {
  try {
    await inspectFresh(conn, image);
    return true;
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

/** Whether the configured registry still serves the digest; null when no registry is configured. */
export async function digestInRegistry(
  spec: Pick<TServiceSpec, 'image'>,
  digest: string,
): Promise<boolean | null> {
  const ref = parseReference(spec.image);
  const row = await registryForDomain(ref.domain);
  if (!row) return null;
  return (await tagDigest(connFromRow(row), ref.path, digest)) !== null;
}

/** Whether every host of a dependency runs it, healthy where it has a health check. */
async function dependencyProblem(name: string): Promise<string | null> {
  let spec: TServiceSpec;
  try {
    spec = (await findServiceRecord(name)).spec;
  } catch {
    return `it depends on ${name}, which is not a service Wharf knows`;
  }
  for (const host of spec.hosts) {
    try {
      const info = await inspectOrNull(await connectionFor(host), liveName(spec));
      if (!info) return `dependency ${name} has no container on ${host}`;
      if (!info.State.Running) return `dependency ${name} is ${info.State.Status} on ${host}`;
      const health = info.State.Health?.Status;
      if (health && health !== 'healthy') return `dependency ${name} is ${health} on ${host}`;
    } catch (error) {
      return `dependency ${name} on ${host}: ${(error as Error).message}`;
    }
  }
  return null;
}

/**
 * Everything that must hold on a host before anything changes there: the engine answers, the image is
 * present or pullable, every published port is free for this service, volumes and networks are there
 * or can be made, and dependencies are healthy. Changes nothing.
 */
export async function preflightHost(
  conn: HostConnection,
  spec: TServiceSpec,
  release: { image: string; digest: string },
): Promise<Preflight> {
  const problems: string[] = [];
  const notes: string[] = [];
  try {
    await withDeadline(conn, 'ping', (abortSignal) =>
      (getDocker(conn) as unknown as WithOptions).ping({ abortSignal }),
    );
  } catch (error) {
    return {
      ok: false,
      problems: [`${conn.name} does not answer: ${(error as Error).message}`],
      notes,
      imagePresent: false,
    };
  }
  const imagePresent = await imageOnHost(conn, release.image);
  if (imagePresent) notes.push('the image is on the host');
  else {
    const inRegistry = await digestInRegistry(spec, release.digest).catch((error: Error) => {
      problems.push(`the registry cannot be asked for ${release.digest}: ${error.message}`);
      return false;
    });
    if (inRegistry === null)
      problems.push(`${release.image} is not on ${conn.name} and no registry is configured to pull it from`);
    else if (inRegistry) notes.push('the image will be pulled');
    else if (problems.length === 0) problems.push(`the registry no longer has ${release.digest}`);
  }
  for (const p of spec.ports) {
    const check = await portFreeFor(conn, {
      port: p.host,
      proto: p.proto,
      hostIp: p.hostIp,
      service: spec.name,
    });
    if (!check.free) problems.push(`port ${p.host}/${p.proto}: ${check.message}`);
  }
  for (const v of spec.volumes) {
    try {
      await inspectEngineVolume(conn, v.name);
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') notes.push(`volume ${v.name} will be created`);
      else problems.push(`volume ${v.name}: ${(error as Error).message}`);
    }
  }
  for (const network of [spec.network, ...(spec.networks ?? [])]) {
    if (BUILT_IN_NETWORKS.has(network)) continue;
    try {
      await withDeadline(conn, 'inspect network', (abortSignal) =>
        (getDocker(conn).getNetwork(network) as unknown as WithOptions).inspect({ abortSignal }),
      );
    } catch (error) {
      problems.push(
        isAppError(error) && error.code === 'NOT_FOUND'
          ? `network ${network} does not exist on ${conn.name}; create it first`
          : `network ${network}: ${(error as Error).message}`,
      );
    }
  }
  for (const dep of spec.dependsOn) {
    const problem = await dependencyProblem(dep);
    if (problem) problems.push(problem);
  }
  return { ok: problems.length === 0, problems, notes, imagePresent };
}

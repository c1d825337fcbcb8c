import 'server-only';
import type { z } from 'zod';
import { can } from '@/lib/auth/permissions';
import { AppError, isAppError } from '@/lib/errors';
import { checkPort } from '@/lib/ports/claims';
import { type TServiceSpec, type TServiceSpecInput, ZServiceSpec } from '@/lib/schemas/services';
import { parseSpecYaml, yamlPosition } from '@/lib/services/yaml';
import type { Principal } from '../auth/principal';
import { connectionFor } from '../hosts/store';
import { hostPortClaims } from '../ports/map';
import { fillFromContainer } from './adopt';
import { createService, findServiceRecord, prepareSpec, type ServiceRecord, updateService } from './store';

/** The container a new service adopts: masked secret values in its spec are taken from it. */
export type AdoptSource = { host: string; container: string };

/** Privileged mode, host PID, capabilities, devices and host paths are for this permission only. */
const isAdmin = (p: Principal) => can(p.role, 'services.privileged');

/**
 * Checks the spec's ports on each of its hosts: a port held by another service's spec, container or
 * reservation, or by a container of no service, is a conflict (409 naming the holder). A host that does
 * not answer is skipped (the release preflight checks again); an unknown host is refused.
 */
export async function checkSpecPorts(spec: TServiceSpec): Promise<{ skipped: string[] }> {
  const skipped: string[] = [];
  for (const host of spec.hosts) {
    const conn = await connectionFor(host).catch((error) => {
      if (isAppError(error) && error.code === 'NOT_FOUND')
        throw new AppError('NOT_FOUND', `hosts: no host named ${host}`);
      throw error;
    });
    if (spec.ports.length === 0) continue;
    let claims: Awaited<ReturnType<typeof hostPortClaims>>['claims'];
    try {
      ({ claims } = await hostPortClaims(conn));
    } catch (error) {
      if (isAppError(error) && (error.code === 'HOST_UNREACHABLE' || error.code === 'HOST_TIMEOUT')) {
        skipped.push(conn.name);
        continue;
      }
      throw error;
    }
    for (const [i, p] of spec.ports.entries()) {
      const check = checkPort(claims, {
        port: p.host,
        proto: p.proto,
        hostIp: p.hostIp,
        service: spec.name,
        containerName: spec.containerName ?? spec.name,
      });
      if (!check.free)
        throw new AppError('CONFLICT', `ports.${i}.host: on ${conn.name}, ${check.message}`, {
          host: conn.name,
          port: p.host,
          proto: p.proto,
          holder: check.holder,
        });
    }
  }
  return { skipped };
}

export type SaveOutcome = { record: ServiceRecord; skippedHosts: string[] };

/** Creates a service: the role's limits, the ports on every host, then the row. */
export async function saveNewService(
  input: TServiceSpecInput | TServiceSpec,
  principal: Principal,
  adopt?: AdoptSource,
): Promise<SaveOutcome> {
  let filled = input;
  if (adopt) {
    const conn = await connectionFor(adopt.host);
    filled = await fillFromContainer(conn, adopt.container, input, {
      canSeeSecrets: can(principal.role, 'containers.secrets'),
    });
  }
  const spec = prepareSpec(filled, { isAdmin: isAdmin(principal) }, null);
  const { skipped } = await checkSpecPorts(spec);
  return { record: await createService(spec, principal.username), skippedHosts: skipped };
}

/** Saves a new version of a service's spec: checked again as a whole, secrets sent as the mask kept. */
export async function saveServiceUpdate(
  record: ServiceRecord,
  input: TServiceSpecInput | TServiceSpec,
  principal: Principal,
): Promise<SaveOutcome> {
  if (input.name !== record.name)
    throw new AppError(
      'BAD_INPUT',
      `name: a service keeps its name (${record.name}); create a new one instead`,
    );
  const spec = prepareSpec(input, { isAdmin: isAdmin(principal) }, record.spec);
  const { skipped } = await checkSpecPorts(spec);
  return { record: await updateService(record, spec, principal.username), skippedHosts: skipped };
}

/** The schema's complaints about a YAML spec, each with the line and column of the field. */
function yamlSchemaMessage(text: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const at = issue.path.length ? issue.path.join('.') : '';
    const pos = yamlPosition(text, issue.path);
    const where = pos ? ` (line ${pos.line}, column ${pos.col})` : '';
    return `${at}${where}${at || where ? ': ' : ''}${issue.message}`;
  });
  return `invalid spec: ${parts.join('; ')}`;
}

export async function findServiceOrNull(name: string): Promise<ServiceRecord | null> {
  try {
    return await findServiceRecord(name);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** Creates or updates the service the YAML names; secrets sent as the mask keep their saved values. */
export async function importServiceYaml(
  text: string,
  principal: Principal,
): Promise<SaveOutcome & { created: boolean }> {
  const value = parseSpecYaml(text);
  const parsed = ZServiceSpec.safeParse(value);
  if (!parsed.success) throw new AppError('BAD_INPUT', yamlSchemaMessage(text, parsed.error));
  const existing = await findServiceOrNull(parsed.data.name);
  if (existing && existing.name === parsed.data.name)
    return { ...(await saveServiceUpdate(existing, parsed.data, principal)), created: false };
  return { ...(await saveNewService(parsed.data, principal)), created: true };
}

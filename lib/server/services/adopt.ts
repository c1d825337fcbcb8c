import 'server-only';
import type Docker from 'dockerode';
import { maskEnv } from '@/lib/containers';
import { AppError } from '@/lib/errors';
import type { TServiceSpecInput } from '@/lib/schemas/services';
import {
  type AdoptContainer,
  type AdoptImage,
  type AdoptResult,
  specFromInspect,
} from '@/lib/services/adopt';
import { SECRET_MASK } from '@/lib/types/releases';
import { getDocker, type HostConnection, withDeadline } from '../docker/client';

async function inspectForAdoption(
  conn: HostConnection,
  containerRef: string,
): Promise<{ container: Docker.ContainerInspectInfo; image: Docker.ImageInspectInfo | null }> {
  const container = await withDeadline(conn, 'inspect container', (abortSignal) =>
    getDocker(conn).getContainer(containerRef).inspect({ abortSignal }),
  );
  const image = await withDeadline(conn, 'inspect image', (abortSignal) =>
    getDocker(conn)
      .getImage(container.Image)
      .inspect({ abortSignal } as object),
  ).catch((error) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  return { container, image };
}

/**
 * A spec prefilled from a container on the host, to adopt it as a service. Without `canSeeSecrets` the
 * secret values are masked, as they are on the container's page.
 */
export async function specFromContainer(
  conn: HostConnection,
  containerRef: string,
  opts: { canSeeSecrets: boolean },
): Promise<AdoptResult> {
  const { container, image } = await inspectForAdoption(conn, containerRef);
  return specFromInspect(container as unknown as AdoptContainer, image as unknown as AdoptImage | null, {
    host: conn.name,
    canSeeSecrets: opts.canSeeSecrets,
  });
}

/**
 * Fills the values sent as the mask, in `env` or `secretEnv`, from the env of the container being
 * adopted, so that a caller who may not see its secrets can still adopt it. A value the caller may not
 * see is taken into `secretEnv` only: in `env` it would be shown to anyone who reads the service.
 */
export async function fillFromContainer<S extends Pick<TServiceSpecInput, 'env' | 'secretEnv'>>(
  conn: HostConnection,
  containerRef: string,
  spec: S,
  opts: { canSeeSecrets: boolean },
): Promise<S> {
  const { container } = await inspectForAdoption(conn, containerRef);
  const values = new Map(maskEnv(container.Config.Env ?? [], true).map((v) => [v.name, v.value] as const));
  const hidden = new Set(
    maskEnv(container.Config.Env ?? [], opts.canSeeSecrets)
      .filter((v) => v.masked)
      .map((v) => v.name),
  );
  const fill = (field: 'env' | 'secretEnv', env: Record<string, string> | undefined) => {
    if (!env) return env;
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) {
      if (value !== SECRET_MASK) {
        out[name] = value;
        continue;
      }
      const found = values.get(name);
      if (found === undefined)
        throw new AppError(
          'BAD_INPUT',
          `${field}.${name}: the container ${containerRef} on ${conn.name} has no ${name} to take the value from`,
        );
      if (field === 'env' && hidden.has(name))
        throw new AppError(
          'BAD_INPUT',
          `env.${name}: a secret value taken from the container belongs in secretEnv`,
        );
      out[name] = found;
    }
    return out;
  };
  return { ...spec, env: fill('env', spec.env), secretEnv: fill('secretEnv', spec.secretEnv) };
}

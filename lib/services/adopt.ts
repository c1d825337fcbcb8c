/**
 * Adopting a running container as a service: its inspect data, less what its image already says,
 * becomes a prefilled spec, with a warning for each thing a spec cannot carry over as it is. Pure, so
 * the mapping is tested without an engine.
 */
import { isSecretName } from '@/lib/containers';
import { tryParseReference } from '@/lib/images/reference';
import { type TServiceSpecInput, ZServiceSpec } from '@/lib/schemas/services';
import { SECRET_MASK } from '@/lib/types/releases';

/** The parts of `GET /containers/{id}/json` the mapping reads. */
export type AdoptContainer = {
  Name: string;
  /** The image id the container runs. */
  Image: string;
  Config: {
    Image?: string;
    Cmd?: string[] | string | null;
    Entrypoint?: string[] | string | null;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] | null; StartPeriod?: number } | null;
  };
  HostConfig: {
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    PublishAllPorts?: boolean;
    NetworkMode?: string;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
    Memory?: number;
    NanoCpus?: number;
    CpuQuota?: number;
    CpuPeriod?: number;
    Privileged?: boolean;
    PidMode?: string;
    CapAdd?: string[] | null;
    Devices?: { PathOnHost?: string; PathInContainer?: string; CgroupPermissions?: string }[] | null;
  };
  Mounts?: {
    Type?: string;
    Name?: string;
    Source?: string;
    Destination: string;
    RW?: boolean;
    Driver?: string;
  }[];
  NetworkSettings?: { Networks?: Record<string, unknown> | null };
};

/** The parts of `GET /images/{id}/json` the mapping reads; null when the image is gone. */
export type AdoptImage = {
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Config?: {
    Cmd?: string[] | string | null;
    Entrypoint?: string[] | string | null;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Healthcheck?: { Test?: string[] | null; StartPeriod?: number } | null;
  } | null;
};

export type AdoptResult = {
  spec: TServiceSpecInput;
  warnings: string[];
  /** What the container runs now: the repository, the tag and the digest a first release would pick. */
  running: { image: string; tag: string | null; digest: string | null };
};

/** Env names that hold secrets: these go to `secretEnv`. */
const SECRET_ENV = /PASSWORD|SECRET|TOKEN|KEY|CREDENTIAL/i;
/** A URL with a user and password in it is a secret whatever its name. */
const CREDENTIAL_URL = /^[a-z]+:\/\/[^/\s:@]+:[^/\s@]+@/i;

export function isSecretEnv(name: string, value: string): boolean {
  return SECRET_ENV.test(name) || isSecretName(name) || CREDENTIAL_URL.test(value);
}

const NAME_OK = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const ID_LIKE = /^[a-z0-9]{20}$/;
const LABEL_KEY = /^[a-zA-Z0-9][a-zA-Z0-9_.\-/]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IMAGE_ID = /^(sha256:)?[0-9a-f]{12,64}$/;

/** A container name made into a service name: letters, digits and _ . -, at most 64 characters. */
export function serviceNameFrom(name: string): string {
  let out = name
    .replace(/^\//, '')
    .replace(/[^a-zA-Z0-9_.-]+/g, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, 64)
    .replace(/[-_.]+$/, '');
  if (!out) out = 'service';
  if (ID_LIKE.test(out)) out = `${out.slice(0, 16)}-svc`;
  return out;
}

const toList = (v: string[] | string | null | undefined): string[] => (!v ? [] : Array.isArray(v) ? v : [v]);
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function splitEnv(pair: string): [string, string] {
  const eq = pair.indexOf('=');
  return eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
}

/** The repository of a reference, as written, without its tag or digest. */
function repositoryOf(ref: string): { image: string; tag: string | null; digest: string | null } | null {
  const parsed = tryParseReference(ref);
  if (!parsed) return null;
  let image = ref;
  if (parsed.digest) image = image.slice(0, image.indexOf('@'));
  if (parsed.tag) image = image.slice(0, image.length - parsed.tag.length - 1);
  return { image, tag: parsed.tag, digest: parsed.digest };
}

function imageOf(
  container: AdoptContainer,
  image: AdoptImage | null,
  warnings: string[],
): AdoptResult['running'] {
  const configured = container.Config.Image ?? '';
  const fromId = configured === '' || IMAGE_ID.test(configured);
  const named = fromId
    ? (image?.RepoTags?.find((t) => t !== '<none>:<none>') ?? image?.RepoDigests?.[0])
    : configured;
  const ref = named ? repositoryOf(named) : null;
  if (!ref) {
    warnings.push(
      `the container runs image ${configured || container.Image}, which has no repository name: set the image repository`,
    );
    return { image: '', tag: null, digest: null };
  }
  if (fromId) warnings.push(`the container was created from an image id; ${named} names that image`);
  const digest =
    ref.digest ??
    image?.RepoDigests?.find((d) => d.startsWith(`${ref.image}@`))?.slice(ref.image.length + 1) ??
    null;
  if (ref.tag)
    warnings.push(`the container runs tag ${ref.tag}: a release chooses the tag or digest to deploy`);
  else if (!ref.tag && !ref.digest)
    warnings.push(
      'the container runs the image by its default tag (latest): a release chooses the tag or digest',
    );
  return { ...ref, digest };
}

function envOf(
  container: AdoptContainer,
  image: AdoptImage | null,
  canSeeSecrets: boolean,
  warnings: string[],
) {
  const defaults = new Set(image?.Config?.Env ?? []);
  const env: Record<string, string> = {};
  const secretEnv: Record<string, string> = {};
  for (const pair of container.Config.Env ?? []) {
    if (defaults.has(pair)) continue;
    const [name, value] = splitEnv(pair);
    if (!ENV_NAME.test(name)) {
      warnings.push(`env ${name} is not a name a spec can hold; it is left out`);
      continue;
    }
    if (isSecretEnv(name, value)) secretEnv[name] = canSeeSecrets ? value : SECRET_MASK;
    else env[name] = value;
  }
  const secrets = Object.keys(secretEnv);
  if (secrets.length && !canSeeSecrets)
    warnings.push(
      `secret values (${secrets.join(', ')}) are masked as they are on the container's page; saving this spec as an adoption of the container takes them from the container`,
    );
  return { env, secretEnv };
}

function portsOf(container: AdoptContainer, warnings: string[]) {
  const ports: { host: number; container: number; proto: 'tcp' | 'udp' | 'sctp'; hostIp: string }[] = [];
  for (const [key, bindings] of Object.entries(container.HostConfig.PortBindings ?? {})) {
    const [cport = '0', type = 'tcp'] = key.split('/');
    const proto = type === 'udp' || type === 'sctp' ? type : 'tcp';
    for (const b of bindings ?? []) {
      const hostPort = b.HostPort ?? '';
      if (!/^\d+$/.test(hostPort) || hostPort === '0') {
        warnings.push(
          hostPort.includes('-')
            ? `container port ${key} is published on a range of host ports (${hostPort}): pick one`
            : `container port ${key} is published on a random host port: pick a fixed one`,
        );
        continue;
      }
      ports.push({ host: Number(hostPort), container: Number(cport), proto, hostIp: b.HostIp ?? '' });
    }
  }
  if (container.HostConfig.PublishAllPorts)
    warnings.push(
      'the container publishes every exposed port on random host ports (-P): a spec lists fixed ports',
    );
  return ports.sort((a, b) => a.host - b.host || a.proto.localeCompare(b.proto));
}

function mountsOf(container: AdoptContainer, warnings: string[]) {
  const volumes: { name: string; target: string; backup: boolean; readOnly: boolean; driver?: string }[] = [];
  const binds: { source: string; target: string; readOnly: boolean }[] = [];
  for (const m of container.Mounts ?? []) {
    const readOnly = m.RW === false;
    if (m.Type === 'volume' && m.Name) {
      volumes.push({
        name: m.Name,
        target: m.Destination,
        backup: false,
        readOnly,
        ...(m.Driver && m.Driver !== 'local' ? { driver: m.Driver } : {}),
      });
      if (/^[0-9a-f]{64}$/.test(m.Name))
        warnings.push(
          `${m.Destination} is an anonymous volume (${m.Name.slice(0, 12)}): give it a name to keep its data clear`,
        );
    } else if (m.Type === 'bind' && m.Source) {
      binds.push({ source: m.Source, target: m.Destination, readOnly });
      warnings.push(
        `${m.Destination} is a bind mount of the host path ${m.Source}: only an admin may save it`,
      );
    } else
      warnings.push(
        `${m.Destination} is a ${m.Type ?? 'mount'} mount, which a spec does not carry: it is left out`,
      );
  }
  return { volumes, binds };
}

function networkOf(container: AdoptContainer, warnings: string[]) {
  const mode = container.HostConfig.NetworkMode || 'default';
  let network = mode === 'default' ? 'bridge' : mode;
  if (/^(container|service):/.test(mode)) {
    warnings.push(
      `the container shares the network of ${mode}, which a spec cannot say: it uses bridge instead`,
    );
    network = 'bridge';
  }
  const others = Object.keys(container.NetworkSettings?.Networks ?? {}).filter((n) => n !== network);
  return { network, networks: others.length ? others : undefined };
}

function restartOf(container: AdoptContainer, warnings: string[]) {
  const policy = container.HostConfig.RestartPolicy;
  const name = policy?.Name || 'no';
  if (name === 'on-failure' && policy?.MaximumRetryCount)
    warnings.push(
      `the restart policy allows ${policy.MaximumRetryCount} retries; a spec says on-failure only`,
    );
  return name as 'no' | 'always' | 'unless-stopped' | 'on-failure';
}

function resourcesOf(container: AdoptContainer) {
  const hc = container.HostConfig;
  const memoryMb = hc.Memory ? Math.max(4, Math.round(hc.Memory / 1_048_576)) : undefined;
  const raw = hc.NanoCpus
    ? hc.NanoCpus / 1e9
    : hc.CpuQuota && hc.CpuPeriod
      ? hc.CpuQuota / hc.CpuPeriod
      : undefined;
  const cpus = raw ? Math.max(0.01, Math.round(raw * 100) / 100) : undefined;
  if (memoryMb === undefined && cpus === undefined) return undefined;
  return { ...(memoryMb !== undefined ? { memoryMb } : {}), ...(cpus !== undefined ? { cpus } : {}) };
}

function labelsOf(container: AdoptContainer, image: AdoptImage | null, warnings: string[]) {
  const own = image?.Config?.Labels ?? {};
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(container.Config.Labels ?? {})) {
    if (key.startsWith('wharf.') || key.startsWith('com.docker.compose.') || own[key] === value) continue;
    if (!LABEL_KEY.test(key) || key.length > 128 || value.length > 512) {
      warnings.push(`label ${key} is not one a spec can hold; it is left out`);
      continue;
    }
    if (Object.keys(labels).length >= 50) {
      warnings.push('only the first 50 labels are kept');
      break;
    }
    labels[key] = value;
  }
  return labels;
}

const hasHealthcheck = (test: string[] | null | undefined) => !!test?.length && test[0] !== 'NONE';

function healthcheckOf(
  container: AdoptContainer,
  image: AdoptImage | null,
  ports: { container: number; proto: string }[],
  warnings: string[],
): TServiceSpecInput['healthcheck'] {
  const own = container.Config.Healthcheck?.Test;
  const fromImage = image?.Config?.Healthcheck?.Test;
  if (own && hasHealthcheck(own) && !sameList(own, fromImage ?? []))
    warnings.push(
      "the container's own health check command is not in a spec; a release uses the image's HEALTHCHECK",
    );
  if (hasHealthcheck(own ?? fromImage)) {
    const period = (own ? container.Config.Healthcheck : image?.Config?.Healthcheck)?.StartPeriod ?? 0;
    const startPeriodSeconds = Math.min(3600, Math.round(period / 1e9));
    return startPeriodSeconds ? { type: 'docker', startPeriodSeconds } : { type: 'docker' };
  }
  const tcp = ports.find((p) => p.proto === 'tcp');
  if (tcp) return { type: 'tcp', port: tcp.container };
  warnings.push(
    'the image has no HEALTHCHECK and nothing is published: a release checks only that it keeps running',
  );
  return { type: 'docker' };
}

function privilegesOf(container: AdoptContainer, warnings: string[]) {
  const hc = container.HostConfig;
  const out: Pick<TServiceSpecInput, 'privileged' | 'pidMode' | 'capAdd' | 'devices'> = {};
  if (hc.Privileged) out.privileged = true;
  if (hc.PidMode === 'host') out.pidMode = 'host';
  const caps = (hc.CapAdd ?? []).map((c) => c.toUpperCase().replace(/^CAP_/, ''));
  if (caps.length) out.capAdd = caps;
  const devices = (hc.Devices ?? [])
    .filter((d) => d.PathOnHost)
    .map((d) =>
      [
        d.PathOnHost,
        d.PathInContainer || d.PathOnHost,
        d.CgroupPermissions && d.CgroupPermissions !== 'rwm' ? d.CgroupPermissions : '',
      ]
        .filter(Boolean)
        .join(':'),
    );
  if (devices.length) out.devices = devices;
  if (Object.keys(out).length)
    warnings.push(
      `the container runs with ${Object.keys(out).join(', ')}, which only an admin may save in a spec`,
    );
  return out;
}

/**
 * A spec prefilled from a container's inspect data and its image's. `host` is the host the spec names;
 * without `canSeeSecrets`, secret values are the mask, as on the container's page.
 */
export function specFromInspect(
  container: AdoptContainer,
  image: AdoptImage | null,
  opts: { host: string; canSeeSecrets: boolean },
): AdoptResult {
  const warnings: string[] = [];
  const containerName = container.Name.replace(/^\//, '');
  const labelled = container.Config.Labels?.['wharf.service'];
  const name =
    labelled && NAME_OK.test(labelled) && labelled.length <= 64 ? labelled : serviceNameFrom(containerName);
  const running = imageOf(container, image, warnings);
  const cmd = toList(container.Config.Cmd);
  const command = sameList(cmd, toList(image?.Config?.Cmd)) ? undefined : cmd;
  const entrypoint = toList(container.Config.Entrypoint);
  if (!sameList(entrypoint, toList(image?.Config?.Entrypoint)))
    warnings.push(
      `the container overrides the image's entrypoint (${entrypoint.join(' ') || 'none'}), which a spec does not set: a release uses the image's`,
    );
  const { env, secretEnv } = envOf(container, image, opts.canSeeSecrets, warnings);
  const { network, networks } = networkOf(container, warnings);
  let ports = portsOf(container, warnings);
  if (network === 'host' || network === 'none') ports = [];
  const { volumes, binds } = mountsOf(container, warnings);
  const resources = resourcesOf(container);
  const spec: TServiceSpecInput = {
    name,
    hosts: [opts.host],
    image: running.image,
    containerName: NAME_OK.test(containerName) ? containerName : undefined,
    ...(command ? { command } : {}),
    env,
    secretEnv,
    ports,
    volumes,
    network,
    ...(networks ? { networks } : {}),
    restartPolicy: restartOf(container, warnings),
    ...(resources ? { resources } : {}),
    healthcheck: healthcheckOf(container, image, ports, warnings),
    labels: labelsOf(container, image, warnings),
    ...privilegesOf(container, warnings),
    ...(binds.length ? { binds } : {}),
  };
  const check = ZServiceSpec.safeParse(spec);
  if (!check.success)
    for (const issue of check.error.issues.slice(0, 5))
      warnings.push(`fix before saving: ${issue.path.join('.') || 'spec'}: ${issue.message}`);
  return { spec, warnings, running };
}

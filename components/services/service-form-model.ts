/**
 * The service form's values, how they become a spec and back, and where an error belongs. Pure: the
 * form, the YAML tab and their tests share it. The spec is checked with the same schema the server
 * uses; errors are keyed by the schema's path (`ports.0.host`, `env.LOG_LEVEL`).
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  HEALTHCHECK_TYPES,
  RESTART_POLICIES,
  type TServiceSpec,
  type TServiceSpecInput,
  ZServiceSpec,
} from '@/lib/schemas/services';
import { SECRET_MASK } from '@/lib/types/releases';

export type EnvRow = { id: string; key: string; value: string };
/** `saved`: the value is kept on the server; the row shows the mask until someone types a new one. */
export type SecretRow = EnvRow & { saved: boolean };
export type PortRow = { id: string; host: string; container: string; proto: string; hostIp: string };
export type VolumeRow = {
  id: string;
  name: string;
  target: string;
  backup: boolean;
  readOnly: boolean;
  /** Kept as they were: the form does not edit a volume's driver. */
  driver?: string;
  driverOpts?: Record<string, string>;
};

export type ServiceFormValues = {
  name: string;
  image: string;
  containerName: string;
  hosts: string[];
  /** One argument per line. */
  command: string;
  env: EnvRow[];
  secretEnv: SecretRow[];
  ports: PortRow[];
  volumes: VolumeRow[];
  network: string;
  /** Extra networks, separated by commas or spaces. */
  networks: string;
  restartPolicy: string;
  memoryMb: string;
  cpus: string;
  hcType: string;
  hcPath: string;
  hcPort: string;
  hcStart: string;
  hcDeadline: string;
  dependsOn: string[];
  requiresApproval: boolean;
  /** `key=value` lines. */
  labels: string;
  // Admin only.
  privileged: boolean;
  hostPid: boolean;
  capAdd: string;
  /** One per line. */
  devices: string;
  /** `source:target` or `source:target:ro`, one per line. */
  binds: string;
};

/** Errors by the schema's path, `form` for what belongs to no field. */
export type SpecErrors = Record<string, string>;

let rowSeq = 0;
export function rowId(): string {
  rowSeq += 1;
  return `r${rowSeq}`;
}

export function emptyPort(): PortRow {
  return { id: rowId(), host: '', container: '', proto: 'tcp', hostIp: '' };
}

export function emptyVolume(): VolumeRow {
  return { id: rowId(), name: '', target: '', backup: false, readOnly: false };
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The form's starting values: from a saved spec (secrets arrive masked), an adopted container, or empty. */
export function valuesFromSpec(input: TServiceSpecInput | null, savedSecrets: boolean): ServiceFormValues {
  const spec = (input ?? {}) as Partial<TServiceSpec>;
  const hc = spec.healthcheck;
  return {
    name: spec.name ?? '',
    image: spec.image ?? '',
    containerName: spec.containerName ?? '',
    hosts: spec.hosts ?? [],
    command: (spec.command ?? []).join('\n'),
    env: Object.entries(spec.env ?? {}).map(([key, value]) => ({ id: rowId(), key, value })),
    secretEnv: Object.entries(spec.secretEnv ?? {}).map(([key, value]) => ({
      id: rowId(),
      key,
      value,
      saved: savedSecrets || value === SECRET_MASK,
    })),
    ports: (spec.ports ?? []).map((p) => ({
      id: rowId(),
      host: String(p.host),
      container: String(p.container),
      proto: p.proto ?? 'tcp',
      hostIp: p.hostIp ?? '',
    })),
    volumes: (spec.volumes ?? []).map((v) => ({
      id: rowId(),
      name: v.name,
      target: v.target,
      backup: v.backup ?? false,
      readOnly: v.readOnly ?? false,
      driver: v.driver,
      driverOpts: v.driverOpts,
    })),
    network: spec.network ?? 'bridge',
    networks: (spec.networks ?? []).join(', '),
    restartPolicy: spec.restartPolicy ?? 'unless-stopped',
    memoryMb: spec.resources?.memoryMb === undefined ? '' : String(spec.resources.memoryMb),
    cpus: spec.resources?.cpus === undefined ? '' : String(spec.resources.cpus),
    hcType: hc?.type ?? 'docker',
    hcPath: hc?.path ?? '',
    hcPort: hc?.port === undefined ? '' : String(hc.port),
    hcStart: String(hc?.startPeriodSeconds ?? 0),
    hcDeadline: String(hc?.deadlineSeconds ?? 60),
    dependsOn: spec.dependsOn ?? [],
    requiresApproval: spec.requiresApproval ?? true,
    labels: Object.entries(spec.labels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    privileged: spec.privileged ?? false,
    hostPid: spec.pidMode === 'host',
    capAdd: (spec.capAdd ?? []).join(', '),
    devices: (spec.devices ?? []).join('\n'),
    binds: (spec.binds ?? []).map((b) => `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`).join('\n'),
  };
}

/** A number as typed: empty is left out; anything else goes as a number, or as the text for the schema to refuse. */
function num(text: string): number | string | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

function record(rows: EnvRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.key.trim() || r.value) out[r.key.trim()] = r.value;
  return out;
}

/** The spec the form describes, as the API takes it. Fields the form does not show are not lost. */
export function specFromValues(v: ServiceFormValues): TServiceSpecInput {
  const labels: Record<string, string> = {};
  for (const line of lines(v.labels)) {
    const eq = line.indexOf('=');
    if (eq < 0) labels[line] = '';
    else labels[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const memoryMb = num(v.memoryMb);
  const cpus = num(v.cpus);
  const command = lines(v.command);
  const networks = words(v.networks);
  const capAdd = words(v.capAdd);
  const devices = lines(v.devices);
  const binds = lines(v.binds).map((line) => {
    const [source = '', target = '', mode] = line.split(':');
    return { source, target, readOnly: mode === 'ro' };
  });
  const spec = {
    name: v.name.trim(),
    hosts: v.hosts,
    image: v.image.trim(),
    ...(v.containerName.trim() ? { containerName: v.containerName.trim() } : {}),
    ...(command.length ? { command } : {}),
    env: record(v.env),
    secretEnv: record(v.secretEnv),
    ports: v.ports.map((p) => ({
      host: num(p.host),
      container: num(p.container),
      proto: p.proto,
      hostIp: p.hostIp.trim(),
    })),
    volumes: v.volumes.map((vol) => ({
      name: vol.name.trim(),
      target: vol.target.trim(),
      backup: vol.backup,
      readOnly: vol.readOnly,
      ...(vol.driver ? { driver: vol.driver } : {}),
      ...(vol.driverOpts ? { driverOpts: vol.driverOpts } : {}),
    })),
    network: v.network.trim() || 'bridge',
    ...(networks.length ? { networks } : {}),
    restartPolicy: v.restartPolicy,
    ...(memoryMb !== undefined || cpus !== undefined ? { resources: { memoryMb, cpus } } : {}),
    healthcheck: {
      type: v.hcType,
      ...(v.hcType === 'http' && v.hcPath.trim() ? { path: v.hcPath.trim() } : {}),
      ...(v.hcType !== 'docker' && v.hcPort.trim() ? { port: num(v.hcPort) } : {}),
      startPeriodSeconds: num(v.hcStart) ?? 0,
      deadlineSeconds: num(v.hcDeadline) ?? 60,
    },
    dependsOn: v.dependsOn,
    requiresApproval: v.requiresApproval,
    labels,
    privileged: v.privileged,
    ...(v.hostPid ? { pidMode: 'host' } : {}),
    ...(capAdd.length ? { capAdd } : {}),
    ...(devices.length ? { devices } : {}),
    ...(binds.length ? { binds } : {}),
  };
  return spec as TServiceSpecInput;
}

/** Checks the spec with the server's schema; errors keyed by path, the first per path. */
export function checkSpec(spec: unknown): { spec?: TServiceSpec; errors: SpecErrors } {
  const parsed = ZServiceSpec.safeParse(spec);
  if (parsed.success) return { spec: parsed.data, errors: {} };
  const errors: SpecErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.') || 'form';
    errors[path] ??= issue.message;
  }
  return { errors };
}

const TOP_FIELDS = new Set(Object.keys(ZServiceSpec.shape));

/** Top-level fields of the spec: a path of the server's message that starts with one belongs to it. */
function isSpecPath(path: string): boolean {
  const top = path.split('.')[0] ?? '';
  return TOP_FIELDS.has(top);
}

/**
 * Places the server's refusal beside the fields it is about. Validation errors read
 * `invalid body: ports.0.host: ...; name: ...`; others, such as `secretEnv.KEY: give the value`, may
 * name one path. What names no field goes to `form`.
 */
export function serverSpecErrors(message: string): SpecErrors {
  const errors: SpecErrors = {};
  if (/^a service named .+ exists already$/.test(message)) return { name: message };
  const body = /^invalid [\w ]+?: (.*)$/s.exec(message)?.[1] ?? message;
  const parts = body.split('; ');
  const unplaced: string[] = [];
  for (const part of parts) {
    const match = /^([A-Za-z][\w.\-[\]]*): (.+)$/s.exec(part);
    const path = match?.[1]?.replace(/\[(\d+)\]/g, '.$1');
    if (match?.[2] && path && isSpecPath(path)) errors[path] ??= match[2];
    else unplaced.push(part);
  }
  if (unplaced.length) errors.form = unplaced.join('; ');
  return errors;
}

/** The first error at this path or under it. */
export function errorAt(errors: SpecErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const prefix = `${path}.`;
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(prefix)) return v;
  return undefined;
}

/** The errors at `path` and under it removed, once the user edits that field. */
export function clearErrors(errors: SpecErrors, path: string): SpecErrors {
  const prefix = `${path}.`;
  const out: SpecErrors = {};
  for (const [k, v] of Object.entries(errors))
    if (k !== path && !k.startsWith(prefix) && k !== 'form') out[k] = v;
  return out;
}

/** The spec as YAML for the YAML tab, in the field order of the schema. */
export function specToYaml(spec: TServiceSpecInput): string {
  return stringifyYaml(spec, { lineWidth: 0 });
}

/** Parses the YAML tab's text; a syntax error names its line. */
export function specFromYaml(text: string): { spec?: TServiceSpecInput; error?: string } {
  try {
    const value: unknown = parseYaml(text);
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return { error: 'the YAML is not a service spec: it must be a mapping of fields, starting with name:' };
    return { spec: value as TServiceSpecInput };
  } catch (error) {
    return { error: `the YAML does not parse: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export const HC_TYPES = HEALTHCHECK_TYPES;
export const RESTARTS = RESTART_POLICIES;

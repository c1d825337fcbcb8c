import { z } from 'zod';
import { tryParseReference } from '@/lib/images/reference';
import { addressesOverlap } from '@/lib/ports/claims';
import { ZHostRef, ZLabels, zResourceName } from './common';
import { ZHostIp, ZPortProto } from './ports';
import { ZVolumeName } from './volumes';

/**
 * The service spec: one zod schema for the form, the YAML and the API. Field names are fixed so that
 * scripts can rely on them.
 */

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

const zEnv = (what: string) =>
  z
    .record(
      z.string().regex(ENV_NAME, `${what} names use letters, digits and _ and do not start with a digit`),
      z.string().max(32_768, `${what} values have at most 32768 characters`),
    )
    .refine((env) => Object.keys(env).length <= 200, `at most 200 ${what} entries`);

const zPortNumber = (what: string) =>
  z
    .number({ error: `${what} is a port number` })
    .int(`${what} is a whole number`)
    .min(1, `${what} is a port from 1 to 65535`)
    .max(65_535, `${what} is a port from 1 to 65535`);

export const ZServicePort = z.strictObject({
  host: zPortNumber('host'),
  container: zPortNumber('container'),
  proto: ZPortProto.default('tcp'),
  hostIp: ZHostIp.default(''),
});

const ZAbsolutePath = z
  .string()
  .min(2)
  .max(1024)
  .regex(/^\/[^\0]*$/, 'a path in the container is absolute')
  .refine((p) => !p.split('/').includes('..'), 'a path must not contain ..');

export const ZServiceVolume = z.strictObject({
  name: ZVolumeName,
  target: ZAbsolutePath,
  /** Back the volume up before each deploy. */
  backup: z.boolean().default(false),
  readOnly: z.boolean().default(false),
  /** Used only when the volume does not exist yet. */
  driver: z.string().min(1).max(64).optional(),
  driverOpts: z.record(z.string().max(64), z.string().max(1024)).optional(),
});

export const HEALTHCHECK_TYPES = ['docker', 'http', 'tcp'] as const;

export const ZHealthcheck = z.strictObject({
  /** `docker`: the image's own HEALTHCHECK; `http`: a GET of `path` on `port`; `tcp`: a connect to `port`. */
  type: z.enum(HEALTHCHECK_TYPES, { error: 'healthcheck.type is docker, http or tcp' }),
  path: z
    .string()
    .max(1024)
    .regex(/^\/[^\s]*$/, 'healthcheck.path starts with / and has no spaces')
    .optional(),
  /** A container port the spec publishes. */
  port: zPortNumber('healthcheck.port').optional(),
  startPeriodSeconds: z.number().int().min(0).max(3600).default(0),
  deadlineSeconds: z.number().int().min(1).max(3600).default(60),
});

export const RESTART_POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'] as const;

const zImageRepository = z
  .string()
  .trim()
  .min(1, 'image is required')
  .max(512)
  .refine((image) => {
    const ref = tryParseReference(image);
    return ref !== null && ref.tag === null && ref.digest === null;
  }, 'image is a repository without a tag or digest, e.g. registry.example.com/acme/shop; releases choose the tag');

const unique = <T>(list: T[], key: (item: T) => string) => new Set(list.map(key)).size === list.length;

export const ZServiceSpec = z
  .strictObject({
    name: zResourceName('service'),
    hosts: z
      .array(ZHostRef)
      .min(1, 'hosts: name at least one host')
      .max(50)
      .refine((h) => unique(h, (x) => x), 'hosts: each host once'),
    image: zImageRepository,
    /** The container's name on each host; the service's name unless an adopted container had another. */
    containerName: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'containerName uses letters, digits and _ . -')
      .max(128)
      .optional(),
    command: z.array(z.string().max(4096)).max(100).optional(),
    env: zEnv('env').default({}),
    /** Encrypted at rest and masked everywhere once saved. */
    secretEnv: zEnv('secretEnv').default({}),
    ports: z.array(ZServicePort).max(100).default([]),
    volumes: z.array(ZServiceVolume).max(50).default([]),
    network: z
      .string()
      .regex(NETWORK_NAME, 'network is bridge, host, none or a network name')
      .max(64)
      .default('bridge'),
    networks: z.array(z.string().regex(NETWORK_NAME).max(64)).max(20).optional(),
    restartPolicy: z.enum(RESTART_POLICIES).default('unless-stopped'),
    /** How long a stop waits for the container to exit before it is killed. */
    stopTimeoutSeconds: z.number().int().min(0).max(600).default(10),
    resources: z
      .strictObject({
        memoryMb: z.number().int().min(4).max(1_048_576).optional(),
        cpus: z.number().min(0.01).max(512).optional(),
      })
      .optional(),
    healthcheck: ZHealthcheck.default({ type: 'docker', startPeriodSeconds: 0, deadlineSeconds: 60 }),
    dependsOn: z.array(zResourceName('service')).max(50).default([]),
    requiresApproval: z.boolean().default(true),
    labels: ZLabels.default({}),
    // Asked for only by admins: see `adminOnlyAsks`.
    privileged: z.boolean().default(false),
    pidMode: z.enum(['host']).optional(),
    capAdd: z
      .array(z.string().regex(/^[A-Z_]{2,32}$/, 'capAdd names capabilities such as NET_ADMIN'))
      .max(40)
      .optional(),
    devices: z.array(z.string().max(1024)).max(20).optional(),
    binds: z
      .array(
        z.strictObject({
          source: ZAbsolutePath,
          target: ZAbsolutePath,
          readOnly: z.boolean().default(false),
        }),
      )
      .max(20)
      .optional(),
  })
  .superRefine((spec, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    for (const key of Object.keys(spec.secretEnv))
      if (key in spec.env) issue(['secretEnv', key], `${key} is in env and in secretEnv; keep it in one`);
    spec.ports.forEach((p, i) => {
      const clash = spec.ports.findIndex(
        (q, j) => j < i && q.host === p.host && q.proto === p.proto && addressesOverlap(q.hostIp, p.hostIp),
      );
      if (clash >= 0) issue(['ports', i, 'host'], `host port ${p.host}/${p.proto} is published twice`);
    });
    spec.volumes.forEach((v, i) => {
      if (spec.volumes.findIndex((w) => w.target === v.target) !== i)
        issue(['volumes', i, 'target'], `${v.target} is mounted twice`);
    });
    if (spec.network === 'host' && spec.ports.length > 0)
      issue(['ports'], 'a service on the host network publishes no ports: it uses the host’s ports directly');
    const hc = spec.healthcheck;
    if (hc.type !== 'docker') {
      if (hc.port === undefined) issue(['healthcheck', 'port'], `a ${hc.type} health check needs a port`);
      else if (
        spec.network !== 'host' &&
        !spec.ports.some((p) => p.container === hc.port && p.proto === 'tcp')
      )
        issue(['healthcheck', 'port'], `healthcheck.port ${hc.port} is not a published tcp container port`);
    }
    if (hc.type === 'http' && !hc.path) issue(['healthcheck', 'path'], 'an http health check needs a path');
    if (spec.dependsOn.includes(spec.name)) issue(['dependsOn'], 'a service cannot depend on itself');
    if (!unique(spec.dependsOn, (d) => d)) issue(['dependsOn'], 'dependsOn: each service once');
    for (const key of Object.keys(spec.labels))
      if (key.startsWith('wharf.')) issue(['labels', key], 'labels starting with wharf. are set by Wharf');
  });

export type TServiceSpecInput = z.input<typeof ZServiceSpec>;
export type TServiceSpec = z.output<typeof ZServiceSpec>;

/**
 * What in a spec only an admin may ask for: privileged mode, the host's PID namespace, added
 * capabilities, devices, and host paths, whether as bind mounts or as volumes whose local driver options
 * make them one. Empty when the spec asks for none of it.
 */
export function adminOnlyAsks(spec: TServiceSpec): string[] {
  const asks: string[] = [];
  if (spec.privileged) asks.push('privileged mode');
  if (spec.pidMode === 'host') asks.push("the host's PID namespace");
  if (spec.capAdd?.length) asks.push(`added capabilities (${spec.capAdd.join(', ')})`);
  if (spec.devices?.length) asks.push(`devices (${spec.devices.join(', ')})`);
  for (const b of spec.binds ?? []) asks.push(`the host path ${b.source}`);
  for (const v of spec.volumes) {
    const opts = v.driverOpts ?? {};
    const bind = (opts.o ?? '').split(',').some((o) => o.trim() === 'bind' || o.trim() === 'rbind');
    if (bind || (opts.device ?? '').startsWith('/'))
      asks.push(`volume ${v.name}, a bind mount of ${opts.device ?? 'a host path'}`);
  }
  return asks;
}

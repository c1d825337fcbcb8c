/** Shapes the API answers with, shared by the server and the browser. */
import type { ErrorCode } from '@/lib/errors';

export type THostStatus = 'up' | 'down' | 'timeout';

export type TCertInfo = {
  subject: string;
  issuer: string;
  fingerprint256: string;
  validFrom: string;
  validTo: string;
  daysLeft: number;
};

export type THost = {
  id: string;
  name: string;
  url: string;
  transport: 'tls' | 'tcp' | 'unix';
  labels: Record<string, string>;
  timeoutMs: number;
  tls: { ca: TCertInfo | null; cert: TCertInfo | null } | null;
  createdAt: string;
  updatedAt: string;
};

export type TEngineInfo = {
  name: string;
  version: string;
  apiVersion: string;
  os: string;
  osType: string;
  arch: string;
  kernel: string;
  cpus: number;
  memoryBytes: number;
  /** Registry mirrors the engine pulls Docker Hub images through (`docker info` RegistryConfig.Mirrors). */
  registryMirrors: string[];
  /** Registries and CIDRs the engine reaches without TLS verification. */
  insecureRegistries: string[];
};

export type THostCounts = {
  containers: number;
  running: number;
  stopped: number;
  paused: number;
  unhealthy: number;
  restarting: number;
  images: number;
  volumes: number;
};

export type THostSummary = THost & {
  status: THostStatus;
  latencyMs: number;
  checkedAt: string;
  error?: { code: ErrorCode; message: string };
  engine?: TEngineInfo;
  counts?: THostCounts;
};

export type TContainerHealth = 'healthy' | 'unhealthy' | 'starting' | null;

export type TPort = { ip: string | null; privatePort: number; publicPort: number | null; type: string };

export type TContainer = {
  id: string;
  name: string;
  image: string;
  imageId: string;
  command: string;
  state: string;
  status: string;
  health: TContainerHealth;
  createdAt: string;
  ports: TPort[];
  labels: Record<string, string>;
  service: string | null;
  networkMode: string;
  mounts: TMount[];
  /** The networks it is attached to, with its addresses there. */
  endpoints: TEndpoint[];
};

export type TEndpoint = {
  network: string;
  networkId: string;
  ipv4: string | null;
  ipv6: string | null;
  mac: string | null;
};

export type TMount = {
  /** `volume`, `bind`, `tmpfs`, `npipe` or `cluster`. */
  type: string;
  /** The volume's name; null for other kinds. */
  name: string | null;
  source: string;
  destination: string;
  mode: string;
  rw: boolean;
};

export type TEnvVar = { name: string; value: string; masked: boolean };

export type TContainerDetail = TContainer & {
  startedAt: string | null;
  finishedAt: string | null;
  exitCode: number | null;
  restartCount: number;
  oomKilled: boolean;
  imageDigest: string | null;
  entrypoint: string[];
  cmd: string[];
  env: TEnvVar[];
  networks: { name: string; ipAddress: string; gateway: string; macAddress: string }[];
  restartPolicy: { name: string; maximumRetryCount: number };
  logConfig: { type: string; config: Record<string, string>; unbounded: boolean };
  healthLog: { start: string; exitCode: number; output: string }[];
  hostname: string;
  user: string;
  workingDir: string;
  privileged: boolean;
};

/** How one host answered a fleet-wide read, without its data (which the answer holds merged). */
export type THostOutcome =
  | { host: { id: string; name: string }; ok: true; ms: number }
  | {
      host: { id: string; name: string };
      ok: false;
      ms: number;
      error: { code: ErrorCode; message: string };
    };

export type THostResult<T> =
  | { host: { id: string; name: string }; ok: true; data: T; ms: number }
  | {
      host: { id: string; name: string };
      ok: false;
      error: { code: ErrorCode; message: string };
      ms: number;
    };

export type TFleetEvent = {
  hostId: string;
  hostName: string;
  type: string;
  action: string;
  id: string;
  name: string | null;
  time: number;
  attributes: Record<string, string>;
};

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { ROOT } from './api';

export type Pem = { ca: string; cert: string; key: string };
type PemPaths = { ca: string; cert: string; key: string };

type FleetFile = {
  fleetDir: string;
  hosts: { name: string; url: string; tls?: PemPaths; socket: string; portBase: number }[];
  registry: { name: string; url: string; username: string; passwordFile: string };
  images: Record<string, unknown>;
  certs: { wrongCa: PemPaths; expired: { cert: string; key: string } };
};

export type FleetHost = {
  name: string;
  url: string;
  tls: Pem | null;
  /** The engine's own unix socket, for checking what the engine holds without going through Wharf. */
  socket: string;
  portBase: number;
};

export type Fleet = {
  dir: string;
  hosts: Record<'fleet-a' | 'fleet-b' | 'fleet-c', FleetHost>;
  certs: { wrongCa: Pem; expired: { cert: string; key: string } };
};

/** The names every engine of the test fleet is seeded with. */
export const SEEDED = [
  'shop-web',
  'shop-canary',
  'ticker',
  'chatty',
  'stopped-job',
  'crashloop',
  'random-port',
  'hostnet',
  'data-store',
  'html-label',
] as const;

const read = (file: string) => fs.readFileSync(file, 'utf8');
const readPem = (p: PemPaths): Pem => ({ ca: read(p.ca), cert: read(p.cert), key: read(p.key) });

let cached: Fleet | undefined;

/** The running test fleet, as `scripts/fleet.sh up` describes it in fleet.json. */
export function loadFleet(): Fleet {
  if (cached) return cached;
  const dir = process.env.WHARF_FLEET_DIR ?? '/var/tmp/wharf-fleet';
  const file = path.join(dir, 'fleet.json');
  if (!fs.existsSync(file)) {
    throw new Error(`no test fleet: ${file} is missing; start it with \`bash scripts/fleet.sh up\``);
  }
  const json = JSON.parse(read(file)) as FleetFile;
  const hosts = Object.fromEntries(
    json.hosts.map((h) => [
      h.name,
      {
        name: h.name,
        url: h.url,
        tls: h.tls ? readPem(h.tls) : null,
        socket: h.socket,
        portBase: h.portBase,
      },
    ]),
  ) as Fleet['hosts'];
  for (const name of ['fleet-a', 'fleet-b', 'fleet-c'] as const) {
    if (!hosts[name]) throw new Error(`fleet.json has no host ${name}`);
  }
  cached = {
    dir: json.fleetDir,
    hosts,
    certs: {
      wrongCa: readPem(json.certs.wrongCa),
      expired: { cert: read(json.certs.expired.cert), key: read(json.certs.expired.key) },
    },
  };
  return cached;
}

/** A Docker client straight to an engine's socket, for checking the engine itself. */
export function engine(name: keyof Fleet['hosts']): Docker {
  const socketPath = new URL(loadFleet().hosts[name].socket).pathname;
  return new Docker({ socketPath });
}

/** Puts a seeded container back to running, whatever a test did to it. */
export async function ensureRunning(name: keyof Fleet['hosts'], container: string): Promise<void> {
  const c = engine(name).getContainer(container);
  const info = await c.inspect();
  if (!info.State.Running && !info.State.Restarting) await c.start();
}

/** The port of `tcp://host:port`. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/**
 * Starts an engine a test killed or stopped again, with its seeded containers (idempotent; what runs is
 * left alone).
 */
export function repairEngine(name: keyof Fleet['hosts']): void {
  execFileSync('bash', [path.join(ROOT, 'scripts/fleet.sh'), 'up', name], {
    stdio: 'ignore',
    timeout: 180_000,
  });
}

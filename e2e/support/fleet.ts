import fs from 'node:fs';

export type FleetHost = {
  name: string;
  url: string;
  tls?: { ca: string; cert: string; key: string };
  socket?: string;
};
export type Fleet = {
  hosts: FleetHost[];
  registry: { url: string; username: string; passwordFile: string };
  pidFiles?: Record<string, string>;
};

export const FLEET_DIR = process.env.WHARF_FLEET_DIR ?? '/var/tmp/wharf-fleet';

export function readFleet(): Fleet {
  return JSON.parse(fs.readFileSync(`${FLEET_DIR}/fleet.json`, 'utf8')) as Fleet;
}

export function fleetHost(name: string): FleetHost {
  const host = readFleet().hosts.find((h) => h.name === name);
  if (!host) throw new Error(`the fleet has no host ${name}; run npm run fleet -- up`);
  return host;
}

export function pemsOf(host: FleetHost): { ca: string; cert: string; key: string } {
  if (!host.tls) throw new Error(`${host.name} has no TLS material`);
  return {
    ca: fs.readFileSync(host.tls.ca, 'utf8'),
    cert: fs.readFileSync(host.tls.cert, 'utf8'),
    key: fs.readFileSync(host.tls.key, 'utf8'),
  };
}

/** The fleet's registry as Wharf registers it: `fleet-registry`, its URL and its credentials. */
export function fleetRegistry(): { name: string; url: string; username: string; password: string } {
  const { url, username, passwordFile } = readFleet().registry;
  return { name: 'fleet-registry', url, username, password: fs.readFileSync(passwordFile, 'utf8').trim() };
}

import 'server-only';
import type Docker from 'dockerode';
import { mapLimit } from '@/lib/map-limit';
import { subnetsOverlap } from '@/lib/networks/subnets';
import type { TFleetNetworks, THostNetworks, TNetwork, TNetworkFlag } from '@/lib/types/ports';
import { cachedRead } from '../docker/cache';
import { getDocker, type HostConnection, withDeadline } from '../docker/client';
import { containerFacts } from '../docker/container-facts';
import { listContainers } from '../docker/containers';
import { eventClearedTtl } from '../docker/events';
import { fanOut, outcomes } from '../docker/fanout';
import { allConnections } from '../hosts/store';
import { HELPER_LABEL } from '../volumes/helper';

/** Drivers whose networks span or join the hosts' own network, where a subnet clash across hosts matters. */
const SHARED_DRIVERS = new Set(['overlay', 'macvlan', 'ipvlan']);

function listEngineNetworks(conn: HostConnection): Promise<Docker.NetworkInspectInfo[]> {
  return cachedRead(conn.id, 'networks', eventClearedTtl(conn.id), () =>
    withDeadline(conn, 'list networks', (abortSignal) =>
      getDocker(conn).listNetworks({ abortSignal } as object),
    ),
  );
}

function overlaps(networks: TNetwork[]): TNetworkFlag[] {
  const flags: TNetworkFlag[] = [];
  for (let i = 0; i < networks.length; i++) {
    for (let j = i + 1; j < networks.length; j++) {
      const [a, b] = [networks[i] as TNetwork, networks[j] as TNetwork];
      for (const sa of a.subnets)
        for (const sb of b.subnets)
          if (subnetsOverlap(sa.subnet, sb.subnet))
            flags.push({
              kind: 'subnet-overlap',
              message: `${a.name} (${sa.subnet}) and ${b.name} (${sb.subnet}) overlap: addresses in the shared part are ambiguous, and a container on both cannot reach one side`,
              containers: [],
              networks: [a.name, b.name],
            });
    }
  }
  return flags;
}

/**
 * A host's networks with their members and addresses, and what deserves a warning: containers on the
 * host network, containers that use legacy links, and subnets that overlap. One network list and one
 * container list; links come from each container's creation facts, inspected once per container.
 */
export async function hostNetworks(conn: HostConnection): Promise<THostNetworks> {
  const [raw, containers] = await Promise.all([listEngineNetworks(conn), listContainers(conn)]);
  const relevant = containers.filter((c) => !c.labels[HELPER_LABEL]);
  const networks: TNetwork[] = raw
    .map((n) => ({
      id: n.Id,
      name: n.Name,
      driver: n.Driver,
      scope: n.Scope,
      internal: n.Internal === true,
      attachable: n.Attachable === true,
      ipv6: n.EnableIPv6 === true,
      subnets: (n.IPAM?.Config ?? []).flatMap((c) =>
        c.Subnet ? [{ subnet: c.Subnet, gateway: c.Gateway ?? null }] : [],
      ),
      members: relevant
        .flatMap((c) =>
          c.endpoints
            .filter((e) => e.networkId === n.Id || (!e.networkId && e.network === n.Name))
            .map((e) => ({
              id: c.id,
              name: c.name,
              service: c.service,
              ipv4: e.ipv4,
              ipv6: e.ipv6,
              mac: e.mac,
            })),
        )
        .sort((a, b) => a.name.localeCompare(b.name)),
      createdAt: n.Created ?? null,
      labels: n.Labels ?? {},
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const flags: TNetworkFlag[] = [];
  const onHost = relevant.filter((c) => c.networkMode === 'host').map((c) => c.name);
  if (onHost.length > 0) {
    flags.push({
      kind: 'host-network',
      message:
        'these containers share the host network: their ports are not isolated, any port they open is open on the host, and Docker cannot say which ones they bind',
      containers: onHost,
      networks: ['host'],
    });
  }
  const facts = await mapLimit(relevant, 16, (c) => containerFacts(conn, c.id).catch(() => null));
  const linked = relevant.filter((_, i) => (facts[i]?.links.length ?? 0) > 0).map((c) => c.name);
  if (linked.length > 0) {
    flags.push({
      kind: 'legacy-links',
      message:
        'these containers use legacy --link: the link is fixed to an address at start and breaks when the other container is recreated; use a user-defined network and its DNS names instead',
      containers: linked,
      networks: [],
    });
  }
  flags.push(...overlaps(networks));
  return { host: { id: conn.id, name: conn.name }, networks, flags };
}

/** Every host's networks, their flags, and subnets of shared drivers that overlap across hosts. */
export async function fleetNetworks(): Promise<TFleetNetworks> {
  const results = await fanOut(await allConnections(), hostNetworks);
  const answered = results.flatMap((r) => (r.ok ? [r.data] : []));
  const flags: TFleetNetworks['flags'] = answered.flatMap((h) =>
    h.flags.map((f) => ({ ...f, hosts: [h.host.name] })),
  );
  const shared = answered.flatMap((h) =>
    h.networks.filter((n) => SHARED_DRIVERS.has(n.driver)).map((n) => ({ host: h.host.name, network: n })),
  );
  for (let i = 0; i < shared.length; i++) {
    for (let j = i + 1; j < shared.length; j++) {
      const [a, b] = [shared[i], shared[j]];
      if (!a || !b || a.host === b.host || a.network.id === b.network.id) continue;
      const clash = a.network.subnets.find((sa) =>
        b.network.subnets.some((sb) => subnetsOverlap(sa.subnet, sb.subnet)),
      );
      if (!clash) continue;
      flags.push({
        kind: 'subnet-overlap',
        message: `${a.network.name} on ${a.host} and ${b.network.name} on ${b.host} (${a.network.driver}, ${b.network.driver}) use overlapping subnets (${clash.subnet}): joined, their addresses would collide`,
        containers: [],
        networks: [a.network.name, b.network.name],
        hosts: [a.host, b.host],
      });
    }
  }
  return {
    networks: answered.flatMap((h) => h.networks.map((n) => ({ ...n, host: h.host }))),
    flags,
    hosts: outcomes(results),
  };
}

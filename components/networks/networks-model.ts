/** How networks read: drivers and flags in plain words, search and order. Pure. */
import type { TNetwork, TNetworkFlag } from '@/lib/types/ports';

export const DRIVER_HELP: Record<string, string> = {
  bridge:
    'A private network on this host; containers reach the outside through NAT and are reached only through published ports.',
  host: 'No isolation: containers use the host’s own network stack, so every port they open is open on the host.',
  none: 'No network at all: only loopback inside the container.',
  null: 'No network at all (Docker’s “none” network): only loopback inside the container.',
  overlay: 'Spans several hosts (Swarm): containers on different hosts talk as if on one network.',
  macvlan:
    'Containers get their own MAC and address on the host’s physical network, as if they were machines on it.',
  ipvlan: 'Containers get addresses on the host’s physical network, sharing the host’s MAC.',
};

export function driverHelp(driver: string): string {
  return DRIVER_HELP[driver] ?? `The ${driver} driver, a plugin: see its documentation for what it isolates.`;
}

export const FLAG_LABEL: Record<TNetworkFlag['kind'], string> = {
  'host-network': 'Host network',
  'legacy-links': 'Legacy links',
  'subnet-overlap': 'Subnet overlap',
};

export const FLAG_HELP: Record<TNetworkFlag['kind'], string> = {
  'host-network':
    'Ports are not isolated: whatever these containers open is open on the host, and Docker cannot say which ports they bind.',
  'legacy-links':
    'Fragile dependencies: a --link is fixed at start and breaks when the linked container is recreated. Put both on a user-defined network and use its DNS names.',
  'subnet-overlap':
    'Addresses in the shared part are ambiguous: traffic may go to the wrong network, and joined networks would collide.',
};

/** Docker's own networks on every engine, which nobody created and nobody should remove. */
export const DEFAULT_NETWORKS = new Set(['bridge', 'host', 'none']);

/** The flags that name a network (on `host`, when flags span hosts). */
export function flagsOf(
  network: Pick<TNetwork, 'name'>,
  flags: readonly (TNetworkFlag & { hosts?: string[] })[],
  host?: string,
): TNetworkFlag[] {
  return flags.filter(
    (f) => f.networks.includes(network.name) && (host === undefined || !f.hosts || f.hosts.includes(host)),
  );
}

function text(n: TNetwork & { host?: { name: string } }): string {
  return [
    n.host?.name ?? '',
    n.name,
    n.driver,
    n.scope,
    n.internal ? 'internal' : '',
    n.ipv6 ? 'ipv6' : '',
    ...n.subnets.flatMap((s) => [s.subnet, s.gateway ?? '']),
    ...n.members.flatMap((m) => [m.name, m.service ?? '', m.ipv4 ?? '', m.ipv6 ?? '']),
    ...Object.entries(n.labels).map(([k, v]) => `${k}=${v}`),
  ]
    .join(' ')
    .toLowerCase();
}

/** Every word must appear in the network's name, driver, subnets, members or their addresses. */
export function filterNetworks<T extends TNetwork & { host?: { name: string } }>(
  list: readonly T[],
  query: string,
): T[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...list];
  return list.filter((n) => {
    const t = text(n);
    return words.every((w) => t.includes(w));
  });
}

/** Host, then the user's networks before Docker's defaults, then by name. */
export function sortNetworks<T extends TNetwork & { host?: { name: string } }>(list: readonly T[]): T[] {
  return [...list].sort(
    (a, b) =>
      (a.host?.name ?? '').localeCompare(b.host?.name ?? '') ||
      Number(DEFAULT_NETWORKS.has(a.name)) - Number(DEFAULT_NETWORKS.has(b.name)) ||
      a.name.localeCompare(b.name),
  );
}

/** Flags across hosts first: they are the ones no single host's page shows. */
export function sortFlags<T extends TNetworkFlag & { hosts?: string[] }>(flags: readonly T[]): T[] {
  return [...flags].sort(
    (a, b) =>
      (b.hosts?.length ?? 0) - (a.hosts?.length ?? 0) ||
      a.kind.localeCompare(b.kind) ||
      a.message.localeCompare(b.message),
  );
}

export type FlagGroup = {
  kind: TNetworkFlag['kind'];
  message: string;
  networks: string[];
  /** Each host the flag was raised on, with the containers it names there. */
  on: { host: string | null; containers: string[] }[];
  /** The flag compares networks of different hosts (a subnet clash across hosts). */
  across: boolean;
};

/**
 * One entry per flag message: the same warning raised on several hosts (the host network on each) is
 * listed once with each host and its containers; a clash across hosts stays its own entry.
 */
export function groupFlags(flags: readonly (TNetworkFlag & { hosts?: string[] })[]): FlagGroup[] {
  const out: FlagGroup[] = [];
  const byKey = new Map<string, FlagGroup>();
  for (const f of sortFlags(flags)) {
    const across = (f.hosts?.length ?? 0) > 1;
    const key = `${f.kind}\0${f.message}\0${across ? (f.hosts ?? []).join(',') : ''}`;
    let group = byKey.get(key);
    if (!group) {
      group = { kind: f.kind, message: f.message, networks: [...f.networks], on: [], across };
      byKey.set(key, group);
      out.push(group);
    }
    if (across) continue;
    group.on.push({ host: f.hosts?.[0] ?? null, containers: f.containers });
    for (const n of f.networks) if (!group.networks.includes(n)) group.networks.push(n);
  }
  for (const g of out) if (g.across) g.on = [];
  return out;
}

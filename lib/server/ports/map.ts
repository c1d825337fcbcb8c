import 'server-only';
import { mapLimit } from '@/lib/map-limit';
import { checkPort, findConflicts, findInconsistencies, scopeOf, suggestPorts } from '@/lib/ports/claims';
import type { TContainer } from '@/lib/types/fleet';
import type {
  TFleetPortConflicts,
  THostNetworkContainer,
  THostPorts,
  TPortCheck,
  TPortClaim,
  TPortProto,
  TPortSuggestion,
} from '@/lib/types/ports';
import type { HostConnection } from '../docker/client';
import { type ContainerFacts, containerFacts } from '../docker/container-facts';
import { listContainers } from '../docker/containers';
import { fanOut, outcomes } from '../docker/fanout';
import { allConnections } from '../hosts/store';
import { HELPER_LABEL } from '../volumes/helper';
import { reservationClaims } from './reservations';
import { specClaims } from './spec-claims';

/** The Linux default of net.ipv4.ip_local_port_range, where the engine picks random host ports. */
const EPHEMERAL = { from: 32_768, to: 60_999 };
const LIVE = new Set(['running', 'paused', 'restarting']);

const asProto = (type: string): TPortProto => (type === 'udp' || type === 'sctp' ? type : 'tcp');

function holderOf(c: TContainer): TPortClaim['holder'] {
  return { kind: 'container', id: c.id, name: c.name, service: c.service, state: c.state };
}

/**
 * A running container's ports as the engine bound them (from the list), each marked random when its
 * binding asked for no host port. Docker lists `0.0.0.0` and `::` for one binding to every address: the
 * two become one claim on all addresses.
 */
function boundClaims(c: TContainer, facts: ContainerFacts): TPortClaim[] {
  const out: TPortClaim[] = [];
  for (const p of c.ports) {
    if (p.publicPort === null) continue;
    const proto = asProto(p.type);
    const asked = facts.portBindings[`${p.privatePort}/${proto}`];
    const random =
      facts.publishAll && !asked ? true : (asked ?? []).some((b) => !b.HostPort || b.HostPort === '0');
    out.push({
      hostIp: p.ip ?? '',
      scope: scopeOf(p.ip ?? ''),
      port: p.publicPort,
      proto,
      containerPort: p.privatePort,
      state: 'bound',
      chosen: random ? 'random' : 'spec',
      holder: holderOf(c),
    });
  }
  return mergeWildcards(out);
}

/** A stopped container's fixed host ports, which it takes again when it starts; random ones it does not. */
function claimedClaims(c: TContainer, facts: ContainerFacts): TPortClaim[] {
  const out: TPortClaim[] = [];
  for (const [key, bindings] of Object.entries(facts.portBindings)) {
    const [containerPort = '0', type = 'tcp'] = key.split('/');
    for (const b of bindings ?? []) {
      const [first, last] = (b.HostPort ?? '').split('-').map(Number);
      if (!first) continue;
      for (let port = first; port <= (last || first); port++) {
        out.push({
          hostIp: b.HostIp ?? '',
          scope: scopeOf(b.HostIp ?? ''),
          port,
          proto: asProto(type),
          containerPort: Number(containerPort),
          state: 'claimed',
          chosen: 'spec',
          holder: holderOf(c),
        });
      }
    }
  }
  return out;
}

function mergeWildcards(claims: TPortClaim[]): TPortClaim[] {
  const key = (c: TPortClaim) => `${c.port}/${c.proto}/${c.containerPort}`;
  const v4 = new Set(claims.filter((c) => c.scope === 'ipv4').map(key));
  const v6 = new Set(claims.filter((c) => c.scope === 'ipv6').map(key));
  const out: TPortClaim[] = [];
  for (const c of claims) {
    const both = v4.has(key(c)) && v6.has(key(c));
    if (both && c.scope === 'ipv6') continue;
    out.push(both && c.scope === 'ipv4' ? { ...c, hostIp: '', scope: 'all' } : c);
  }
  return out;
}

/**
 * Every claim on the host's ports: one container list, each container's creation facts (inspected once
 * per container life), Wharf's reservations and the ports of saved service specs that name the host.
 * Containers on the host network are listed apart.
 */
export async function hostPortClaims(
  conn: HostConnection,
): Promise<{ claims: TPortClaim[]; hostNetwork: THostNetworkContainer[] }> {
  const [containers, reserved, specs] = await Promise.all([
    listContainers(conn),
    reservationClaims(conn),
    specClaims(conn),
  ]);
  const relevant = containers.filter((c) => !c.labels[HELPER_LABEL]);
  const facts = await mapLimit(relevant, 16, (c) => containerFacts(conn, c.id));
  const claims: TPortClaim[] = [];
  const hostNetwork: THostNetworkContainer[] = [];
  relevant.forEach((c, i) => {
    const f = facts[i] as ContainerFacts;
    if (c.networkMode === 'host') {
      hostNetwork.push({ id: c.id, name: c.name, service: c.service, state: c.state, exposed: f.exposed });
      return;
    }
    claims.push(...(LIVE.has(c.state) ? boundClaims(c, f) : claimedClaims(c, f)));
  });
  claims.push(...reserved, ...specs);
  claims.sort(
    (a, b) => a.port - b.port || a.proto.localeCompare(b.proto) || a.hostIp.localeCompare(b.hostIp),
  );
  return { claims, hostNetwork };
}

export async function hostPorts(conn: HostConnection): Promise<THostPorts> {
  const { claims, hostNetwork } = await hostPortClaims(conn);
  const host = { id: conn.id, name: conn.name };
  return { host, claims, hostNetwork, conflicts: findConflicts(host, claims), ephemeral: EPHEMERAL };
}

/**
 * The lowest free ports in a range: not bound, not claimed by a stopped container or a spec, not
 * reserved, and not exposed by a container on the host network (which may well bind it).
 */
export async function suggestHostPorts(
  conn: HostConnection,
  range: { from: number; to: number; proto: TPortProto; count: number },
): Promise<TPortSuggestion> {
  const { claims, hostNetwork } = await hostPortClaims(conn);
  const hinted = hostNetwork.flatMap((c) =>
    c.exposed.flatMap((e): TPortClaim[] => {
      const [port = '0', proto = 'tcp'] = e.split('/');
      return [
        {
          hostIp: '',
          scope: 'all',
          port: Number(port),
          proto: asProto(proto),
          containerPort: Number(port),
          state: 'bound',
          chosen: null,
          holder: { kind: 'container', id: c.id, name: c.name, service: c.service, state: c.state },
        },
      ];
    }),
  );
  return {
    host: { id: conn.id, name: conn.name },
    ...range,
    ports: suggestPorts([...claims, ...hinted], range),
  };
}

/**
 * Whether a service may take a host port on the host: the question the release preflight asks. A port
 * held only by the service's own spec, containers or reservations is free for it.
 */
export async function portFreeFor(
  conn: HostConnection,
  want: { port: number; proto: TPortProto; hostIp: string; service: string; containerName?: string },
): Promise<TPortCheck> {
  const { claims } = await hostPortClaims(conn);
  return checkPort(claims, want);
}

/** Conflicts on every host, and services published on different ports on different hosts. */
export async function fleetPortConflicts(): Promise<TFleetPortConflicts> {
  const results = await fanOut(await allConnections(), hostPorts);
  const answered = results.flatMap((r) => (r.ok ? [r.data] : []));
  return {
    conflicts: answered.flatMap((p) => p.conflicts),
    inconsistencies: findInconsistencies(answered.map((p) => ({ host: p.host, claims: p.claims }))),
    hosts: outcomes(results),
  };
}

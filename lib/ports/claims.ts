/**
 * Port claims and the rules over them: which claims collide, which ports are free, and whether a service
 * may take a port. Pure, so the map, the suggestion, the conflict list and the release preflight share
 * one set of rules. A new kind of claim (service specs) is one more source of TPortClaim, not a rewrite.
 */

import type { THostRef } from '@/lib/types/images';
import type {
  TAddressScope,
  TPortCheck,
  TPortClaim,
  TPortConflict,
  TPortHolder,
  TPortInconsistency,
  TPortProto,
} from '@/lib/types/ports';

export const PORT_MIN = 1;
export const PORT_MAX = 65_535;

/** Which addresses a host IP covers. An empty host IP means every address, IPv4 and IPv6. */
export function scopeOf(hostIp: string): TAddressScope {
  const ip = hostIp.trim().replace(/^\[|\]$/g, '');
  if (ip === '') return 'all';
  if (ip === '0.0.0.0') return 'ipv4';
  if (ip === '::') return 'ipv6';
  return 'specific';
}

const isV6 = (ip: string) => ip.includes(':');
const bare = (ip: string) => ip.trim().replace(/^\[|\]$/g, '');

/** Whether two bindings of the same port and protocol would collide on their addresses. */
export function addressesOverlap(a: string, b: string): boolean {
  const [sa, sb] = [scopeOf(a), scopeOf(b)];
  if (sa === 'all' || sb === 'all') return true;
  if (sa === 'specific' && sb === 'specific') return bare(a) === bare(b);
  const family = (scope: TAddressScope, ip: string) =>
    scope === 'ipv4' ? 'v4' : scope === 'ipv6' ? 'v6' : isV6(bare(ip)) ? 'v6' : 'v4';
  return family(sa, a) === family(sb, b);
}

function collide(a: TPortClaim, b: TPortClaim): boolean {
  return a.port === b.port && a.proto === b.proto && addressesOverlap(a.hostIp, b.hostIp);
}

/** Claims of one holder on one port are one claim: Docker lists `0.0.0.0` and `::` for a single `-p`. */
function sameHolder(a: TPortHolder, b: TPortHolder): boolean {
  return a.kind === b.kind && a.id === b.id;
}

export function describeHolder(h: TPortHolder): string {
  switch (h.kind) {
    case 'container':
      return `container ${h.name} (${h.state}${h.service ? `, service ${h.service}` : ''})`;
    case 'reservation':
      return `a reservation by ${h.by}${h.service ? ` for ${h.service}` : ''}${h.note ? ` (${h.note})` : ''}`;
    case 'spec':
      return `the spec of service ${h.service}`;
  }
}

const where = (c: TPortClaim) => `${c.hostIp || '*'}:${c.port}/${c.proto}`;

type Rule = (a: TPortClaim, b: TPortClaim) => { kind: TPortConflict['kind']; message: string } | null;

/**
 * The conflict rules, each over a pair of colliding claims of different holders. The pair is given in
 * both orders, so a rule names only one of them.
 */
const RULES: Rule[] = [
  (a, b) =>
    a.holder.kind === 'reservation' && b.state === 'bound'
      ? {
          kind: 'reservation-bound',
          message: `${where(a)} is reserved (${describeHolder(a.holder)}) but bound by ${describeHolder(b.holder)}`,
        }
      : null,
  (a, b) =>
    a.holder.kind === 'reservation' && b.holder.kind === 'reservation' && a.holder.id < b.holder.id
      ? {
          kind: 'double-reservation',
          message: `${where(a)} is reserved twice: ${describeHolder(a.holder)} and ${describeHolder(b.holder)}`,
        }
      : null,
  // A stopped container of the service that now runs on the port is a kept previous version: a
  // rollback stops the running one before it starts it.
  (a, b) =>
    a.holder.kind === 'container' &&
    a.state === 'claimed' &&
    b.state === 'bound' &&
    !(a.holder.service !== null && b.holder.kind === 'container' && b.holder.service === a.holder.service)
      ? {
          kind: 'stopped-would-fail',
          message: `${describeHolder(a.holder)} publishes ${where(a)}, which ${describeHolder(b.holder)} now binds: it would fail to start`,
        }
      : null,
  (a, b) =>
    a.holder.kind === 'spec' && b.holder.kind === 'spec' && a.holder.id < b.holder.id
      ? {
          kind: 'spec-double',
          message: `${where(a)} is in two specs: ${describeHolder(a.holder)} and ${describeHolder(b.holder)}`,
        }
      : null,
  (a, b) =>
    a.holder.kind === 'spec' &&
    b.holder.kind !== 'spec' &&
    !isServiceOwn(b.holder, a.holder.service, a.holder.container ? [a.holder.container] : [])
      ? {
          kind: 'spec-taken',
          message: `${describeHolder(a.holder)} wants ${where(a)}, held by ${describeHolder(b.holder)}`,
        }
      : null,
];

/**
 * Whether a holder is the service's own: its containers (labelled with it, or unlabelled and bearing
 * the container name its spec gives, which a release replaces), its reservations and its spec.
 */
function isServiceOwn(h: TPortHolder, service: string, containerNames: readonly string[]): boolean {
  if (h.service === service) return true;
  return h.kind === 'container' && h.service === null && containerNames.includes(h.name);
}

/** Every conflict among a host's claims, each pair of holders once per port. */
export function findConflicts(host: THostRef, claims: TPortClaim[]): TPortConflict[] {
  const byPort = new Map<string, TPortClaim[]>();
  for (const c of claims) {
    const key = `${c.port}/${c.proto}`;
    byPort.set(key, [...(byPort.get(key) ?? []), c]);
  }
  const out: TPortConflict[] = [];
  const seen = new Set<string>();
  for (const group of byPort.values()) {
    if (group.length < 2) continue;
    for (const a of group) {
      for (const b of group) {
        if (a === b || sameHolder(a.holder, b.holder) || !collide(a, b)) continue;
        for (const rule of RULES) {
          const hit = rule(a, b);
          if (!hit) continue;
          const key = `${hit.kind}\0${a.holder.kind}:${a.holder.id}\0${b.holder.kind}:${b.holder.id}\0${a.port}/${a.proto}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({
            kind: hit.kind,
            host,
            port: a.port,
            proto: a.proto,
            message: hit.message,
            claims: [a, b],
          });
        }
      }
    }
  }
  return out.sort((x, y) => x.port - y.port || x.kind.localeCompare(y.kind));
}

/** The lowest ports in [from, to] that no claim of any kind holds on any address, for the protocol. */
export function suggestPorts(
  claims: TPortClaim[],
  range: { from: number; to: number; proto: TPortProto; count: number },
): number[] {
  const taken = new Set(claims.filter((c) => c.proto === range.proto).map((c) => c.port));
  const out: number[] = [];
  for (let p = range.from; p <= range.to && out.length < range.count; p++) if (!taken.has(p)) out.push(p);
  return out;
}

/**
 * Whether `service` may take a host port: free unless a claim of another holder collides with it. The
 * service's own spec, containers and reservations do not count against it; an unlabelled container
 * counts as the service's when it bears the container name of the service's spec (as saved on the host,
 * or `containerName` when given).
 */
export function checkPort(
  claims: TPortClaim[],
  want: { port: number; proto: TPortProto; hostIp: string; service: string; containerName?: string },
): TPortCheck {
  const names = claims.flatMap((c) =>
    c.holder.kind === 'spec' && c.holder.service === want.service && c.holder.container
      ? [c.holder.container]
      : [],
  );
  if (want.containerName) names.push(want.containerName);
  for (const c of claims) {
    if (c.port !== want.port || c.proto !== want.proto || !addressesOverlap(c.hostIp, want.hostIp)) continue;
    const h = c.holder;
    if (isServiceOwn(h, want.service, names)) continue;
    return {
      free: false,
      holder: h,
      message: `${want.hostIp || '*'}:${want.port}/${want.proto} is held by ${describeHolder(h)}`,
    };
  }
  return { free: true };
}

/**
 * Services published on different host ports on different hosts, per container port and protocol:
 * ports should be fixed and planned, so the same service answers on the same port everywhere.
 */
export function findInconsistencies(
  perHost: { host: THostRef; claims: TPortClaim[] }[],
): TPortInconsistency[] {
  const groups = new Map<string, Map<string, { host: THostRef; ports: Set<number> }>>();
  for (const { host, claims } of perHost) {
    for (const c of claims) {
      if (c.holder.kind !== 'container' || !c.holder.service || c.containerPort === null) continue;
      const key = `${c.holder.service}\0${c.containerPort}\0${c.proto}`;
      const hosts = groups.get(key) ?? new Map();
      const entry = hosts.get(host.id) ?? { host, ports: new Set<number>() };
      entry.ports.add(c.port);
      hosts.set(host.id, entry);
      groups.set(key, hosts);
    }
  }
  const out: TPortInconsistency[] = [];
  for (const [key, hosts] of groups) {
    if (hosts.size < 2) continue;
    const distinct = new Set([...hosts.values()].flatMap((h) => [...h.ports]));
    if (distinct.size < 2) continue;
    const [service = '', containerPort = '0', proto = 'tcp'] = key.split('\0');
    const list = [...hosts.values()]
      .map((h) => ({ host: h.host, ports: [...h.ports].sort((a, b) => a - b) }))
      .sort((a, b) => a.host.name.localeCompare(b.host.name));
    out.push({
      service,
      containerPort: Number(containerPort),
      proto: proto as TPortProto,
      hosts: list,
      message: `service ${service} publishes ${containerPort}/${proto} on different host ports: ${list
        .map((h) => `${h.host.name} ${h.ports.join(', ')}`)
        .join('; ')}`,
    });
  }
  return out.sort((a, b) => a.service.localeCompare(b.service) || a.containerPort - b.containerPort);
}

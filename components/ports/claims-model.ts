/**
 * How claims read in the table and the search: their address, holder and state in words, the query
 * grammar ("8080", "8080/udp", "9000-9100", or words), matching and sorting. Pure.
 */
import type { THostNetworkContainer, TPortClaim, TPortHolder, TPortProto } from '@/lib/types/ports';
import type { SortState } from '../ui/table';

export const PROTOS: readonly TPortProto[] = ['tcp', 'udp', 'sctp'];

export type ClaimQuery =
  | { kind: 'empty' }
  | { kind: 'port'; port: number; proto: TPortProto | null }
  | { kind: 'range'; from: number; to: number; proto: TPortProto | null }
  | { kind: 'text'; words: string[] };

const isPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65_535;
const protoOf = (s: string | undefined): TPortProto | null =>
  s
    ? (PROTOS as readonly string[]).includes(s.toLowerCase())
      ? (s.toLowerCase() as TPortProto)
      : null
    : null;

/** A number alone asks "who holds this port?"; `a-b` asks about a range; anything else is words. */
export function parseClaimQuery(input: string): ClaimQuery {
  const q = input.trim();
  if (!q) return { kind: 'empty' };
  const single = /^:?(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(q);
  if (single && isPort(Number(single[1]))) {
    return { kind: 'port', port: Number(single[1]), proto: protoOf(single[2]) };
  }
  const range = /^(\d{1,5})\s*(?:-|–|\.\.)\s*(\d{1,5})(?:\/(tcp|udp|sctp))?$/i.exec(q);
  if (range) {
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (isPort(from) && isPort(to)) {
      return { kind: 'range', from: Math.min(from, to), to: Math.max(from, to), proto: protoOf(range[3]) };
    }
  }
  return { kind: 'text', words: q.toLowerCase().split(/\s+/).filter(Boolean) };
}

/** The address a claim covers, in the table's words. */
export function addressLabel(claim: Pick<TPortClaim, 'scope' | 'hostIp'>): string {
  switch (claim.scope) {
    case 'all':
      return 'all';
    case 'ipv4':
      return '0.0.0.0';
    case 'ipv6':
      return '::';
    case 'specific':
      return claim.hostIp;
  }
}

export function addressTitle(claim: Pick<TPortClaim, 'scope' | 'hostIp'>): string {
  switch (claim.scope) {
    case 'all':
      return 'Every address of the host, IPv4 and IPv6';
    case 'ipv4':
      return 'Every IPv4 address of the host';
    case 'ipv6':
      return 'Every IPv6 address of the host';
    case 'specific':
      return `Only ${claim.hostIp}`;
  }
}

/** The holder's name: the container, the spec's service, or the reservation's note. */
export function holderLabel(h: TPortHolder): string {
  switch (h.kind) {
    case 'container':
      return h.name;
    case 'spec':
      return h.name;
    case 'reservation':
      return h.note;
  }
}

export const STATE_HELP: Record<TPortClaim['state'], string> = {
  bound: 'A running container holds it now',
  claimed: 'A stopped container takes it when it starts, or a service spec asks for it',
  reserved: 'Reserved in Wharf for a planned service',
};

function claimText(c: TPortClaim): string {
  const h = c.holder;
  return [
    addressLabel(c),
    c.hostIp,
    c.proto,
    c.state,
    c.chosen ?? '',
    h.kind,
    holderLabel(h),
    h.service ?? '',
    h.kind === 'reservation' ? h.by : '',
    h.kind === 'container' ? h.state : '',
  ]
    .join(' ')
    .toLowerCase();
}

const TEXT = new WeakMap<TPortClaim, string>();

export function matchesClaim(c: TPortClaim, query: ClaimQuery): boolean {
  switch (query.kind) {
    case 'empty':
      return true;
    case 'port':
      return c.port === query.port && (query.proto === null || c.proto === query.proto);
    case 'range':
      return c.port >= query.from && c.port <= query.to && (query.proto === null || c.proto === query.proto);
    case 'text': {
      let text = TEXT.get(c);
      if (text === undefined) {
        text = claimText(c);
        TEXT.set(c, text);
      }
      const t = text;
      // A number among words is a whole port or name part: "shop 8080" is not "18080".
      return query.words.every((w) =>
        /^\d+$/.test(w)
          ? c.port === Number(w) || c.containerPort === Number(w) || t.split(/[^a-z0-9]+/).includes(w)
          : t.includes(w),
      );
    }
  }
}

/** The host ports a query singles out, to light up on the picture; none for an empty query. */
export function highlightedPorts(claims: readonly TPortClaim[], query: ClaimQuery): Set<number> {
  if (query.kind === 'empty') return new Set();
  const hits = new Set(claims.filter((c) => matchesClaim(c, query)).map((c) => c.port));
  if (query.kind === 'port') hits.add(query.port);
  return hits;
}

/** Host-network containers the query names; a port query matches their exposed ports as hints. */
export function matchesHostNetwork(c: THostNetworkContainer, query: ClaimQuery): boolean {
  switch (query.kind) {
    case 'empty':
      return true;
    case 'port':
      return c.exposed.some((e) => Number.parseInt(e, 10) === query.port);
    case 'range':
      return c.exposed.some((e) => {
        const n = Number.parseInt(e, 10);
        return n >= query.from && n <= query.to;
      });
    case 'text': {
      const text = [c.name, c.service ?? '', c.state, ...c.exposed].join(' ').toLowerCase();
      return query.words.every((w) => text.includes(w));
    }
  }
}

export type ClaimSortKey = 'port' | 'holder' | 'service' | 'state';

const STATE_ORDER: Record<TPortClaim['state'], number> = { bound: 0, claimed: 1, reserved: 2 };

function compareBy(key: ClaimSortKey, a: TPortClaim, b: TPortClaim): number {
  switch (key) {
    case 'port':
      return a.port - b.port;
    case 'holder':
      return holderLabel(a.holder).localeCompare(holderLabel(b.holder));
    case 'service':
      return (a.holder.service ?? '\uffff').localeCompare(b.holder.service ?? '\uffff');
    case 'state':
      return STATE_ORDER[a.state] - STATE_ORDER[b.state];
  }
}

/** Filters by the query and sorts; ties go by port, protocol, then address. */
export function filterAndSortClaims(
  claims: readonly TPortClaim[],
  query: ClaimQuery,
  sort: SortState<ClaimSortKey>,
): TPortClaim[] {
  const dir = sort.dir === 'asc' ? 1 : -1;
  return claims
    .filter((c) => matchesClaim(c, query))
    .sort(
      (a, b) =>
        dir * compareBy(sort.key, a, b) ||
        a.port - b.port ||
        a.proto.localeCompare(b.proto) ||
        a.hostIp.localeCompare(b.hostIp),
    );
}

export type PortAnswer =
  | { kind: 'held'; port: number; proto: TPortProto | null; claims: TPortClaim[] }
  | { kind: 'free'; port: number; proto: TPortProto; hints: THostNetworkContainer[] };

/** The one-line answer to "who holds this port?", or null when the query is not a single port. */
export function answerFor(
  claims: readonly TPortClaim[],
  hostNetwork: readonly THostNetworkContainer[],
  query: ClaimQuery,
): PortAnswer | null {
  if (query.kind !== 'port') return null;
  const held = claims.filter((c) => matchesClaim(c, query));
  if (held.length > 0) return { kind: 'held', port: query.port, proto: query.proto, claims: held };
  return {
    kind: 'free',
    port: query.port,
    proto: query.proto ?? 'tcp',
    hints: hostNetwork.filter((c) => matchesHostNetwork(c, query)),
  };
}

/** Counts by state, for the summary line. */
export function countStates(claims: readonly TPortClaim[]): Record<TPortClaim['state'], number> {
  const out = { bound: 0, claimed: 0, reserved: 0 };
  const seen = new Set<string>();
  for (const c of claims) {
    const key = `${c.state}:${c.holder.kind}:${c.holder.id}:${c.port}/${c.proto}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out[c.state]++;
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import type { THostNetworkContainer, TPortClaim } from '@/lib/types/ports';
import {
  addressLabel,
  answerFor,
  countStates,
  filterAndSortClaims,
  highlightedPorts,
  matchesHostNetwork,
  parseClaimQuery,
} from './claims-model';

function container(port: number, name: string, over: Partial<TPortClaim> = {}): TPortClaim {
  return {
    hostIp: '127.0.0.1',
    scope: 'specific',
    port,
    proto: 'tcp',
    containerPort: 8080,
    state: 'bound',
    chosen: 'spec',
    holder: { kind: 'container', id: `id-${name}`, name, service: 'shop', state: 'running' },
    ...over,
  };
}

const reservation: TPortClaim = {
  hostIp: '',
  scope: 'all',
  port: 9000,
  proto: 'udp',
  containerPort: null,
  state: 'reserved',
  chosen: null,
  holder: { kind: 'reservation', id: 'r1', note: 'metrics collector', by: 'otto-ops', service: 'metrics' },
};

const CLAIMS = [
  container(18_080, 'shop-web'),
  container(8080, 'api', {
    holder: { kind: 'container', id: 'a', name: 'api', service: null, state: 'exited' },
    state: 'claimed',
  }),
  container(32_771, 'random-port', { chosen: 'random' }),
  reservation,
];

const hostnet: THostNetworkContainer = {
  id: 'h',
  name: 'hostnet',
  service: null,
  state: 'running',
  exposed: ['9100/tcp'],
};

describe('parseClaimQuery', () => {
  it('reads a port, a port with its protocol, a range and words', () => {
    expect(parseClaimQuery(' 8080 ')).toEqual({ kind: 'port', port: 8080, proto: null });
    expect(parseClaimQuery(':8080/UDP')).toEqual({ kind: 'port', port: 8080, proto: 'udp' });
    expect(parseClaimQuery('9100-9000')).toEqual({ kind: 'range', from: 9000, to: 9100, proto: null });
    expect(parseClaimQuery('70000')).toEqual({ kind: 'text', words: ['70000'] });
    expect(parseClaimQuery('Shop web')).toEqual({ kind: 'text', words: ['shop', 'web'] });
    expect(parseClaimQuery('  ')).toEqual({ kind: 'empty' });
  });
});

describe('matching', () => {
  const sort = { key: 'port', dir: 'asc' } as const;
  const find = (q: string) => filterAndSortClaims(CLAIMS, parseClaimQuery(q), sort).map((c) => c.port);

  it('matches a number alone to the host port exactly, never a part of it', () => {
    expect(find('8080')).toEqual([8080]);
    expect(find('18080')).toEqual([18_080]);
    expect(find('1808')).toEqual([]);
  });

  it('matches a number among words to a whole port, host or container, or a whole part of a name', () => {
    expect(find('shop 18080')).toEqual([18_080]);
    expect(find('shop 8080')).toEqual([18_080, 32_771]);
    expect(find('shop 808')).toEqual([]);
    const named = [container(30_000, 'worker-50'), container(30_001, 'worker-500')];
    expect(filterAndSortClaims(named, parseClaimQuery('worker 50'), sort).map((c) => c.port)).toEqual([
      30_000,
    ]);
  });

  it('matches ranges, protocols, holders, notes, states and the chosen badge', () => {
    expect(find('9000-20000')).toEqual([9000, 18_080]);
    expect(find('9000/tcp')).toEqual([]);
    expect(find('metrics')).toEqual([9000]);
    expect(find('otto')).toEqual([9000]);
    expect(find('random')).toEqual([32_771]);
    expect(find('claimed')).toEqual([8080]);
    expect(find('')).toEqual([8080, 9000, 18_080, 32_771]);
  });

  it('lights up the asked port on the picture even when nothing holds it', () => {
    expect([...highlightedPorts(CLAIMS, parseClaimQuery('4444'))]).toEqual([4444]);
    expect([...highlightedPorts(CLAIMS, parseClaimQuery('shop'))]).toEqual([18_080, 32_771]);
    expect(highlightedPorts(CLAIMS, parseClaimQuery('')).size).toBe(0);
  });

  it('answers "who holds" with the holders, or free with host-network hints', () => {
    const held = answerFor(CLAIMS, [hostnet], parseClaimQuery('18080'));
    expect(held?.kind).toBe('held');
    const free = answerFor(CLAIMS, [hostnet], parseClaimQuery('9100'));
    expect(free).toEqual({ kind: 'free', port: 9100, proto: 'tcp', hints: [hostnet] });
    expect(answerFor(CLAIMS, [], parseClaimQuery('shop'))).toBeNull();
    expect(matchesHostNetwork(hostnet, parseClaimQuery('9000-9200'))).toBe(true);
    expect(matchesHostNetwork(hostnet, parseClaimQuery('web'))).toBe(false);
  });

  it('sorts by holder, then by port', () => {
    const rows = filterAndSortClaims(CLAIMS, { kind: 'empty' }, { key: 'holder', dir: 'asc' });
    expect(rows.map((c) => c.port)).toEqual([8080, 9000, 32_771, 18_080]);
  });
});

describe('words', () => {
  it('names the address a claim covers', () => {
    expect(addressLabel({ scope: 'all', hostIp: '' })).toBe('all');
    expect(addressLabel({ scope: 'ipv4', hostIp: '0.0.0.0' })).toBe('0.0.0.0');
    expect(addressLabel({ scope: 'ipv6', hostIp: '::' })).toBe('::');
    expect(addressLabel({ scope: 'specific', hostIp: '10.0.0.5' })).toBe('10.0.0.5');
  });

  it('counts one holder on one port once, whatever its addresses', () => {
    const both = [
      container(80, 'web', { hostIp: '0.0.0.0', scope: 'ipv4' }),
      container(80, 'web', { hostIp: '::', scope: 'ipv6' }),
      reservation,
    ];
    expect(countStates(both)).toEqual({ bound: 1, claimed: 0, reserved: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import type { TNetwork, TNetworkFlag } from '@/lib/types/ports';
import { driverHelp, filterNetworks, flagsOf, groupFlags, sortFlags, sortNetworks } from './networks-model';

function network(name: string, over: Partial<TNetwork> = {}): TNetwork {
  return {
    id: `id-${name}`,
    name,
    driver: 'bridge',
    scope: 'local',
    internal: false,
    attachable: false,
    ipv6: false,
    subnets: [{ subnet: '172.18.0.0/16', gateway: '172.18.0.1' }],
    members: [],
    createdAt: null,
    labels: {},
    ...over,
  };
}

const shop = network('shop-net', {
  members: [{ id: 'c1', name: 'shop-web', service: 'shop', ipv4: '172.18.0.2', ipv6: null, mac: null }],
});

describe('networks', () => {
  it('finds a network by a member, its address, subnet or driver', () => {
    const list = [network('bridge'), shop, network('mv', { driver: 'macvlan', subnets: [] })];
    expect(filterNetworks(list, 'shop-web').map((n) => n.name)).toEqual(['shop-net']);
    expect(filterNetworks(list, '172.18.0.2').map((n) => n.name)).toEqual(['shop-net']);
    expect(filterNetworks(list, 'macvlan').map((n) => n.name)).toEqual(['mv']);
    expect(filterNetworks(list, '')).toHaveLength(3);
  });

  it('lists the user’s networks before Docker’s defaults, per host', () => {
    const list = [
      { ...network('bridge'), host: { id: 'b', name: 'b' } },
      { ...network('zeta'), host: { id: 'a', name: 'a' } },
      { ...network('none'), host: { id: 'a', name: 'a' } },
      { ...network('app'), host: { id: 'a', name: 'a' } },
    ];
    expect(sortNetworks(list).map((n) => `${n.host.name}/${n.name}`)).toEqual([
      'a/app',
      'a/zeta',
      'a/none',
      'b/bridge',
    ]);
  });

  it('gives each network the flags that name it, on its host', () => {
    const flags: (TNetworkFlag & { hosts?: string[] })[] = [
      {
        kind: 'subnet-overlap',
        message: 'x',
        containers: [],
        networks: ['shop-net', 'other'],
        hosts: ['a', 'b'],
      },
      { kind: 'host-network', message: 'y', containers: ['hostnet'], networks: ['host'], hosts: ['a'] },
    ];
    expect(flagsOf(shop, flags).map((f) => f.kind)).toEqual(['subnet-overlap']);
    expect(flagsOf(shop, flags, 'c')).toEqual([]);
    expect(sortFlags(flags)[0]?.hosts).toEqual(['a', 'b']);
  });

  it('explains drivers in plain words, plugins included', () => {
    expect(driverHelp('host')).toContain('No isolation');
    expect(driverHelp('weave')).toContain('plugin');
  });
});

describe('groupFlags', () => {
  it('lists one warning raised on several hosts once, with each host and its containers', () => {
    const msg = 'these containers share the host network';
    const groups = groupFlags([
      { kind: 'host-network', message: msg, containers: ['hostnet'], networks: ['host'], hosts: ['a'] },
      {
        kind: 'host-network',
        message: msg,
        containers: ['agent', 'hostnet'],
        networks: ['host'],
        hosts: ['b'],
      },
      {
        kind: 'subnet-overlap',
        message: 'x and y clash',
        containers: [],
        networks: ['x', 'y'],
        hosts: ['a', 'b'],
      },
      { kind: 'legacy-links', message: 'links', containers: ['old'], networks: [] },
    ]);
    expect(groups.map((g) => [g.kind, g.across, g.on])).toEqual([
      ['subnet-overlap', true, []],
      [
        'host-network',
        false,
        [
          { host: 'a', containers: ['hostnet'] },
          { host: 'b', containers: ['agent', 'hostnet'] },
        ],
      ],
      ['legacy-links', false, [{ host: null, containers: ['old'] }]],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { cidrRange, subnetsOverlap } from './subnets';

describe('subnets', () => {
  it('finds overlapping IPv4 subnets, nested or equal, and not neighbours', () => {
    expect(subnetsOverlap('172.18.0.0/16', '172.18.5.0/24')).toBe(true);
    expect(subnetsOverlap('10.0.0.0/8', '10.0.0.0/8')).toBe(true);
    expect(subnetsOverlap('192.168.1.0/24', '192.168.2.0/24')).toBe(false);
    expect(subnetsOverlap('172.17.0.0/16', '172.16.0.0/12')).toBe(true);
  });

  it('handles IPv6, compressed forms and embedded IPv4, and never mixes families', () => {
    expect(subnetsOverlap('fd00::/64', 'fd00:0:0:0:1::/80')).toBe(true);
    expect(subnetsOverlap('fd00::/64', 'fd00:0:0:1::/64')).toBe(false);
    expect(cidrRange('::ffff:10.0.0.1/128')?.start).toBe(0xffff0a000001n);
    expect(subnetsOverlap('10.0.0.0/8', '::/0')).toBe(false);
  });

  it('rejects what is not a CIDR', () => {
    for (const bad of ['', '300.1.1.1/8', '10.0.0.0/33', 'fd00::/129', 'a::b::c/64', 'host/24'])
      expect(cidrRange(bad)).toBeNull();
  });
});

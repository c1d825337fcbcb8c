import { describe, expect, it } from 'vitest';
import type { TPortClaim, TPortHolder } from '@/lib/types/ports';
import { addressesOverlap, checkPort, findConflicts, scopeOf, suggestPorts } from './claims';

const HOST = { id: 'h1', name: 'web-1' };

function claim(port: number, holder: TPortHolder, over: Partial<TPortClaim> = {}): TPortClaim {
  const hostIp = over.hostIp ?? '';
  return {
    hostIp,
    scope: scopeOf(hostIp),
    port,
    proto: 'tcp',
    containerPort: 8080,
    state: holder.kind === 'reservation' ? 'reserved' : holder.kind === 'spec' ? 'claimed' : 'bound',
    chosen: 'spec',
    holder,
    ...over,
  };
}

const container = (name: string, service: string | null = null, state = 'running'): TPortHolder => ({
  kind: 'container',
  id: `id-${name}`,
  name,
  service,
  state,
});
const reservation = (id: string, service: string | null = null): TPortHolder => ({
  kind: 'reservation',
  id,
  note: 'planned',
  by: 'ops',
  service,
});
const spec = (service: string, containerName = service): TPortHolder => ({
  kind: 'spec',
  id: `svc-${service}`,
  name: service,
  service,
  container: containerName,
});

const kinds = (claims: TPortClaim[]) => findConflicts(HOST, claims).map((c) => c.kind);

describe('addressesOverlap', () => {
  it('overlaps every address with all, and families with their wildcard', () => {
    expect(addressesOverlap('', '127.0.0.1')).toBe(true);
    expect(addressesOverlap('0.0.0.0', '127.0.0.1')).toBe(true);
    expect(addressesOverlap('::', '127.0.0.1')).toBe(false);
    expect(addressesOverlap('127.0.0.1', '127.0.0.2')).toBe(false);
    expect(addressesOverlap('[::1]', '::1')).toBe(true);
  });
});

describe('findConflicts', () => {
  it('flags a reservation bound by a container, and a double reservation', () => {
    expect(kinds([claim(80, reservation('r1')), claim(80, container('web'))])).toEqual(['reservation-bound']);
    expect(kinds([claim(80, reservation('r1')), claim(80, reservation('r2'))])).toEqual([
      'double-reservation',
    ]);
  });

  it('flags a stopped container whose port another binds', () => {
    expect(
      kinds([claim(80, container('old', null, 'exited'), { state: 'claimed' }), claim(80, container('web'))]),
    ).toEqual(['stopped-would-fail']);
  });

  it('leaves alone the kept previous container of the service that runs on the port', () => {
    const kept = container('shop.replaced-by-r2', 'shop', 'exited');
    expect(kinds([claim(80, kept, { state: 'claimed' }), claim(80, container('shop', 'shop'))])).toEqual([]);
    expect(kinds([claim(80, kept, { state: 'claimed' }), claim(80, container('ledger', 'ledger'))])).toEqual([
      'stopped-would-fail',
    ]);
  });

  it('flags two specs on one host port, once', () => {
    const conflicts = findConflicts(HOST, [claim(8080, spec('shop')), claim(8080, spec('ledger'))]);
    expect(conflicts.map((c) => c.kind)).toEqual(['spec-double']);
    expect(conflicts[0]?.message).toMatch(/two specs/);
  });

  it('does not flag two specs on different addresses or protocols', () => {
    expect(
      kinds([
        claim(8080, spec('shop'), { hostIp: '127.0.0.1' }),
        claim(8080, spec('ledger'), { hostIp: '127.0.0.2' }),
      ]),
    ).toEqual([]);
    expect(kinds([claim(53, spec('dns')), claim(53, spec('dns2'), { proto: 'udp' })])).toEqual([]);
  });

  it('flags a spec on a port held by a container of another service, or of none', () => {
    expect(kinds([claim(8080, spec('shop')), claim(8080, container('ledger-1', 'ledger'))])).toEqual([
      'spec-taken',
    ]);
    expect(kinds([claim(8080, spec('shop')), claim(8080, container('stray'))])).toEqual(['spec-taken']);
    const stopped = claim(8080, container('stray', null, 'exited'), { state: 'claimed' });
    expect(kinds([claim(8080, spec('shop')), stopped])).toEqual(['spec-taken']);
  });

  it('flags a spec on a port reserved for another service or for none', () => {
    expect(kinds([claim(8080, spec('shop')), claim(8080, reservation('r1', 'ledger'))])).toEqual([
      'spec-taken',
    ]);
    expect(kinds([claim(8080, spec('shop')), claim(8080, reservation('r1'))])).toEqual(['spec-taken']);
  });

  it("does not flag a spec and its own service's container or reservation", () => {
    expect(kinds([claim(8080, spec('shop')), claim(8080, container('shop-1', 'shop'))])).toEqual([]);
    expect(kinds([claim(8080, spec('shop')), claim(8080, reservation('r1', 'shop'))])).toEqual([]);
  });

  it('does not flag a spec and the unlabelled container its containerName names (the adopted one)', () => {
    expect(kinds([claim(8080, spec('shop', 'shop-web')), claim(8080, container('shop-web'))])).toEqual([]);
    // The name alone does not make another service's container its own.
    expect(
      kinds([claim(8080, spec('shop', 'shop-web')), claim(8080, container('shop-web', 'ledger'))]),
    ).toEqual(['spec-taken']);
  });

  it('names the holders in the message', () => {
    const [conflict] = findConflicts(HOST, [
      claim(8080, spec('shop')),
      claim(8080, container('ledger-1', 'ledger')),
    ]);
    expect(conflict?.message).toBe(
      'the spec of service shop wants *:8080/tcp, held by container ledger-1 (running, service ledger)',
    );
  });
});

describe('checkPort', () => {
  const want = { port: 8080, proto: 'tcp' as const, hostIp: '', service: 'shop' };

  it('is free when nothing collides', () => {
    expect(checkPort([claim(8081, container('web'))], want)).toEqual({ free: true });
    expect(checkPort([claim(8080, container('web'), { proto: 'udp' })], want)).toEqual({ free: true });
  });

  it("is free when only the service's own spec, containers and reservations hold it", () => {
    const claims = [
      claim(8080, spec('shop')),
      claim(8080, container('shop-1', 'shop')),
      claim(8080, reservation('r1', 'shop')),
    ];
    expect(checkPort(claims, want)).toEqual({ free: true });
  });

  it('counts the unlabelled container named by the saved spec, or by the containerName asked, as its own', () => {
    expect(
      checkPort([claim(8080, spec('shop', 'shop-web')), claim(8080, container('shop-web'))], want),
    ).toEqual({
      free: true,
    });
    expect(checkPort([claim(8080, container('shop-web'))], { ...want, containerName: 'shop-web' })).toEqual({
      free: true,
    });
    expect(checkPort([claim(8080, container('shop-web'))], want)).toMatchObject({ free: false });
  });

  it("is taken by another service's spec, container or reservation, naming it", () => {
    expect(checkPort([claim(8080, spec('ledger'))], want)).toEqual({
      free: false,
      holder: spec('ledger'),
      message: '*:8080/tcp is held by the spec of service ledger',
    });
    expect(checkPort([claim(8080, container('ledger-1', 'ledger'))], want)).toMatchObject({ free: false });
    expect(checkPort([claim(8080, reservation('r1'))], want)).toMatchObject({ free: false });
    expect(
      checkPort([claim(8080, container('shop-web', 'ledger'))], { ...want, containerName: 'shop-web' }),
    ).toMatchObject({ free: false });
  });

  it('respects addresses', () => {
    const held = [claim(8080, container('web'), { hostIp: '127.0.0.1' })];
    expect(checkPort(held, { ...want, hostIp: '127.0.0.2' })).toEqual({ free: true });
    expect(checkPort(held, { ...want, hostIp: '0.0.0.0' })).toMatchObject({ free: false });
  });
});

describe('suggestPorts', () => {
  it('skips ports any claim holds, specs included', () => {
    const claims = [
      claim(30000, spec('shop')),
      claim(30001, container('web')),
      claim(30003, reservation('r')),
    ];
    expect(suggestPorts(claims, { from: 30000, to: 30010, proto: 'tcp', count: 3 })).toEqual([
      30002, 30004, 30005,
    ]);
  });
});

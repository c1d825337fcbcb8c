import { describe, expect, it } from 'vitest';
import { authorizationFor, checkRealm, learnChallenge, RegistryAuthError } from './auth';
import { registryUrl } from './client';
import type { RegistryConn } from './conn';

function conn(over: Partial<RegistryConn> = {}): RegistryConn {
  return {
    key: `unit|${Math.random()}`,
    id: 'unit',
    name: 'hub',
    base: 'https://registry.example.com',
    origin: 'https://registry.example.com',
    host: 'registry.example.com',
    username: 'ci',
    password: 's3cret',
    tokenHosts: [],
    timeoutMs: 1000,
    ...over,
  };
}

describe('token realm', () => {
  it("follows a realm on the registry's own host or a listed token host", () => {
    expect(checkRealm(conn(), 'https://registry.example.com/token').host).toBe('registry.example.com');
    expect(
      checkRealm(conn({ tokenHosts: ['auth.example.com'] }), 'https://auth.example.com/t').pathname,
    ).toBe('/t');
  });

  it('refuses other hosts, other ports, other schemes, credentials in the URL and plain HTTP', () => {
    const refused: [Partial<RegistryConn>, string, RegExp][] = [
      [{}, 'https://auth.example.com/token', /neither the registry's own host.*sent it nothing/],
      [{}, 'https://registry.example.com:8443/token', /registry\.example\.com:8443/],
      [{ tokenHosts: ['auth.example.com:444'] }, 'https://auth.example.com/token', /neither/],
      [{}, 'ftp://registry.example.com/token', /only http\(s\)/],
      [{}, 'https://u:p@registry.example.com/token', /credentials in its URL/],
      [{}, 'http://registry.example.com/token', /plain HTTP for an HTTPS registry/],
      [{}, 'not a url', /not a URL/],
    ];
    for (const [over, realm, message] of refused) {
      expect(() => checkRealm(conn(over), realm), realm).toThrow(RegistryAuthError);
      expect(() => checkRealm(conn(over), realm), realm).toThrow(message);
    }
  });
});

describe('auth scheme', () => {
  it('sends basic credentials until the registry asks for bearer tokens', async () => {
    const c = conn();
    expect(await authorizationFor(c, '')).toBe(`Basic ${Buffer.from('ci:s3cret').toString('base64')}`);
    expect(await authorizationFor(conn({ username: null, password: null }), '')).toBeNull();
    expect(learnChallenge(c, 'Basic realm="x"', '', null)).toBeNull();
    expect(
      learnChallenge(
        c,
        'Bearer realm="https://auth.example.com/token",service="hub",scope="repository:a:pull"',
        'repository:b:pull',
        null,
      ),
    ).toBe('repository:a:pull');
    // The realm is now known but not allowed: asking for a token fails before any request.
    await expect(authorizationFor(c, 'repository:a:pull')).rejects.toThrow(/neither the registry's own host/);
  });
});

describe('registry URLs', () => {
  it('keeps every request and every link on the registry origin', () => {
    const c = conn({ base: 'https://registry.example.com/mirror' });
    expect(registryUrl(c, '/v2/_catalog?n=1').href).toBe(
      'https://registry.example.com/mirror/v2/_catalog?n=1',
    );
    const from = new URL('https://registry.example.com/mirror/v2/_catalog?n=1');
    expect(registryUrl(c, '/mirror/v2/_catalog?last=a', from).href).toBe(
      'https://registry.example.com/mirror/v2/_catalog?last=a',
    );
    expect(() => registryUrl(c, 'https://evil.example.com/v2/_catalog', from)).toThrow(/another host/);
    expect(() => registryUrl(c, '//evil.example.com/x', from)).toThrow(/another host/);
    expect(() => registryUrl(c, 'http://registry.example.com/v2/', from)).toThrow(/another host/);
  });
});

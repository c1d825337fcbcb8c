import { describe, expect, it } from 'vitest';
import { nextLink, parseLinkHeader, parseWwwAuthenticate, retryAfterSeconds, scopeForPath } from './headers';

describe('WWW-Authenticate', () => {
  it('reads a bearer challenge with quoted values that hold commas', () => {
    const [c] = parseWwwAuthenticate(
      'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull,push"',
    );
    expect(c).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example.com/token',
        service: 'registry.example.com',
        scope: 'repository:team/app:pull,push',
      },
    });
  });

  it('reads several challenges, spaces, escapes, unquoted values and upper-case names', () => {
    const challenges = parseWwwAuthenticate(
      'Basic realm="a \\"quoted\\" realm", BEARER Realm=https://r.example/token , Service = reg ,error="invalid_token"',
    );
    expect(challenges).toEqual([
      { scheme: 'basic', params: { realm: 'a "quoted" realm' } },
      {
        scheme: 'bearer',
        params: { realm: 'https://r.example/token', service: 'reg', error: 'invalid_token' },
      },
    ]);
  });

  it('survives empty, truncated and junk headers', () => {
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate('Bearer realm="https://x/token')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://x/token' } },
    ]);
    expect(parseWwwAuthenticate('"=,;')).toEqual([]);
    expect(parseWwwAuthenticate('Basic')).toEqual([{ scheme: 'basic', params: {} }]);
  });
});

describe('Link', () => {
  it('finds the next page among several links', () => {
    const header = '</v2/_catalog?last=b&n=2>; rel="next", </v2/_catalog?n=2>; rel="first"';
    expect(parseLinkHeader(header)).toEqual([
      { url: '/v2/_catalog?last=b&n=2', params: { rel: 'next' } },
      { url: '/v2/_catalog?n=2', params: { rel: 'first' } },
    ]);
    expect(nextLink(header)).toBe('/v2/_catalog?last=b&n=2');
  });

  it('reads unquoted and multi-valued rel, and says null without a next link', () => {
    expect(nextLink('<https://r.example/v2/a/tags/list?n=5&last=x>;rel=next')).toBe(
      'https://r.example/v2/a/tags/list?n=5&last=x',
    );
    expect(nextLink('</v2/x?last=a,b>; rel="prev next"')).toBe('/v2/x?last=a,b');
    expect(nextLink('</v2/x>; rel="prev"')).toBeNull();
    expect(nextLink(null)).toBeNull();
    expect(nextLink('garbage')).toBeNull();
  });
});

describe('token scopes and Retry-After', () => {
  it('asks for the scope each endpoint needs', () => {
    expect(scopeForPath('/v2/_catalog')).toBe('registry:catalog:*');
    expect(scopeForPath('/v2/team/app/tags/list')).toBe('repository:team/app:pull');
    expect(scopeForPath('/v2/team/app/manifests/sha256:abc')).toBe('repository:team/app:pull');
    expect(scopeForPath('/v2/a/blobs/sha256:abc')).toBe('repository:a:pull');
    expect(scopeForPath('/v2/')).toBe('');
  });

  it('reads seconds and HTTP dates', () => {
    expect(retryAfterSeconds('30')).toBe(30);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterSeconds('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60);
    expect(retryAfterSeconds('soon')).toBeNull();
    expect(retryAfterSeconds(null)).toBeNull();
  });
});

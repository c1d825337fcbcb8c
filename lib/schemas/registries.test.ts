import { describe, expect, it } from 'vitest';
import { normalizeRegistryUrl, ZCreateRegistry, ZRepositoryQuery, ZUpdateRegistry } from './registries';

describe('registry input', () => {
  it('normalizes the URL and the token hosts', () => {
    const parsed = ZCreateRegistry.parse({
      name: 'hub',
      url: ' https://Registry.Example.com:443/mirror/ ',
      username: 'ci',
      password: 'x',
      tokenHosts: ['Auth.Example.com', '127.0.0.1:5001'],
    });
    expect(parsed.url).toBe('https://registry.example.com/mirror');
    expect(parsed.tokenHosts).toEqual(['auth.example.com', '127.0.0.1:5001']);
    expect(normalizeRegistryUrl('http://127.0.0.1:5055/')).toBe('http://127.0.0.1:5055');
  });

  it('refuses what is not an http(s) registry URL, naming the field', () => {
    for (const url of [
      'ftp://r.example.com',
      'r.example.com',
      'http://u:p@r.example.com',
      'http://r.example.com/?a=1',
      'http://r.example.com/?',
      'http://r.example.com/#x',
      'javascript:alert(1)',
      'file:///etc/passwd',
    ]) {
      const parsed = ZCreateRegistry.safeParse({ name: 'r', url });
      expect(parsed.success, url).toBe(false);
      expect(parsed.error?.issues[0]?.path, url).toEqual(['url']);
    }
  });

  it('needs a username with a password and refuses bad names, hosts and deadlines', () => {
    const bad = [
      { name: 'r', url: 'http://r.example.com', password: 'p' },
      { name: 'bad name', url: 'http://r.example.com' },
      { name: 'abcdefghij0123456789', url: 'http://r.example.com' },
      { name: 'r', url: 'http://r.example.com', tokenHosts: ['https://auth.example.com/token'] },
      { name: 'r', url: 'http://r.example.com', timeoutMs: 100 },
      { name: 'r', url: 'http://r.example.com', extra: true },
    ];
    for (const body of bad) expect(ZCreateRegistry.safeParse(body).success, JSON.stringify(body)).toBe(false);
    expect(ZUpdateRegistry.safeParse({ password: null, username: null }).success).toBe(true);
    expect(ZUpdateRegistry.safeParse({ name: 'x' }).success).toBe(false);
  });

  it('reads the repository query', () => {
    expect(ZRepositoryQuery.parse({ n: '10', q: 'app', last: 'team/app' })).toEqual({
      n: 10,
      q: 'app',
      last: 'team/app',
    });
    expect(ZRepositoryQuery.safeParse({ n: '0' }).success).toBe(false);
    expect(ZRepositoryQuery.safeParse({ last: 'Team/App' }).success).toBe(false);
  });
});

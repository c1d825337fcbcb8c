import { describe, expect, it } from 'vitest';
import { ZContainerRef, ZHostRef } from './common';
import { ZCreateHost, ZHostName, ZHostTimeout, ZHostUrl, ZUpdateHost } from './hosts';

const pem = (kind: string) => `-----BEGIN ${kind}-----\nAAAA\n-----END ${kind}-----`;
const tls = { ca: pem('CERTIFICATE'), cert: pem('CERTIFICATE'), key: pem('PRIVATE KEY') };
const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message).join('; ') ?? '';

describe('host URL', () => {
  it('accepts tcp:// with a host and port, and unix:// with an absolute path', () => {
    for (const url of [
      'tcp://127.0.0.1:2376',
      'tcp://docker.example.com:2376',
      'unix:///var/run/docker.sock',
    ]) {
      expect(ZHostUrl.safeParse(url).success, url).toBe(true);
    }
  });

  it('refuses other forms with a message that says what to write', () => {
    const cases: [string, RegExp][] = [
      ['not a url', /not a URL.*tcp:\/\//],
      ['ssh://root@host', /ssh:\/\/ hosts are not supported/],
      ['http://127.0.0.1:2375', /unsupported scheme http:/],
      ['https://127.0.0.1:2376', /unsupported scheme https:/],
      ['tcp://127.0.0.1', /needs a host and a port/],
      ['tcp://127.0.0.1:2376/v1.41', /has no path/],
      ['tcp://user:pw@127.0.0.1:2376', /no user, query or fragment/],
      ['tcp://127.0.0.1:2376?x=1', /no user, query or fragment/],
      ['unix://relative/docker.sock', /unix:\/\/\/absolute/],
      ['', /required/],
    ];
    for (const [url, message] of cases) {
      const result = ZHostUrl.safeParse(url);
      expect(result.success, url).toBe(false);
      expect(messages(result), url).toMatch(message);
    }
  });
});

describe('host input', () => {
  it('takes a name, URL, TLS material, labels and a deadline', () => {
    const parsed = ZCreateHost.parse({
      name: ' web-1 ',
      url: 'tcp://10.0.0.5:2376',
      tls,
      labels: { env: 'prod', 'com.example/team': 'ops' },
      timeoutMs: 3000,
    });
    expect(parsed.name).toBe('web-1');
  });

  it('refuses unknown fields, TLS on a socket, and text that is not PEM', () => {
    expect(ZCreateHost.safeParse({ name: 'a', url: 'unix:///x.sock', extra: 1 }).success).toBe(false);
    expect(messages(ZCreateHost.safeParse({ name: 'a', url: 'unix:///x.sock', tls }))).toMatch(
      /unix socket takes no TLS/,
    );
    expect(
      messages(ZCreateHost.safeParse({ name: 'a', url: 'tcp://h:1', tls: { ...tls, key: 'abc' } })),
    ).toMatch(/client key is not PEM/);
    expect(ZCreateHost.safeParse({ name: 'a', url: 'tcp://h:1', tls: { ...tls, extra: 'x' } }).success).toBe(
      false,
    );
  });

  it('keeps names apart from ids and URLs', () => {
    expect(ZHostName.safeParse('fleet-a').success).toBe(true);
    expect(ZHostName.safeParse('a/b').success).toBe(false);
    expect(ZHostName.safeParse('-a').success).toBe(false);
    expect(ZHostName.safeParse('x'.repeat(65)).success).toBe(false);
    // Twenty lowercase letters and digits is what an id looks like: `{host}` could not tell them apart.
    expect(ZHostName.safeParse('0123456789abcdefghij').success).toBe(false);
  });

  it('bounds the deadline', () => {
    expect(ZHostTimeout.safeParse(499).success).toBe(false);
    expect(ZHostTimeout.safeParse(500).success).toBe(true);
    expect(ZHostTimeout.safeParse(60_000).success).toBe(true);
    expect(ZHostTimeout.safeParse(60_001).success).toBe(false);
    expect(ZHostTimeout.safeParse(1500.5).success).toBe(false);
    expect(ZHostTimeout.safeParse('1500').success).toBe(false);
  });

  it('lets an edit drop TLS with null', () => {
    expect(ZUpdateHost.parse({ tls: null })).toEqual({ tls: null });
    expect(ZUpdateHost.safeParse({ colour: 'red' }).success).toBe(false);
  });
});

describe('references in paths', () => {
  it('accepts container names, ids and id prefixes', () => {
    for (const ref of ['shop-web', 'shop_web.1', 'a1b2c3', 'f'.repeat(64)])
      expect(ZContainerRef.safeParse(ref).success, ref).toBe(true);
  });

  it('refuses anything that could leave the container path', () => {
    for (const ref of ['../x', 'a b', '-rm', '/etc', 'a/b', '.hidden', '', 'x'.repeat(129), 'a?b', 'a%2Fb']) {
      expect(ZContainerRef.safeParse(ref).success, ref).toBe(false);
      expect(ZHostRef.safeParse(ref).success, ref).toBe(false);
    }
  });
});

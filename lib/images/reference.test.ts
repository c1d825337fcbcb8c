import { describe, expect, it } from 'vitest';
import { classifyTag, familiarRepository, parseReference } from './reference';

describe('parseReference', () => {
  it('normalises Docker Hub names and keeps registry hosts with ports', () => {
    expect(parseReference('nginx')).toMatchObject({
      domain: 'docker.io',
      path: 'library/nginx',
      repository: 'docker.io/library/nginx',
      tag: null,
      digest: null,
    });
    expect(parseReference('127.0.0.1:5055/wharf-demo/app:8b41d07')).toMatchObject({
      domain: '127.0.0.1:5055',
      path: 'wharf-demo/app',
      tag: '8b41d07',
    });
    expect(parseReference('localhost/app:1.0').domain).toBe('localhost');
    expect(parseReference('team/app').repository).toBe('docker.io/team/app');
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseReference(`registry.example.com/a/b:1.2@${digest}`)).toMatchObject({ tag: '1.2', digest });
  });

  it.each([
    ['nginx:latest;rm -rf /', /may hold only/],
    ['Wharf/App:1.0', /lower-case/],
    ['a..b', /not a valid repository name/],
    [`app:${'x'.repeat(129)}`, /at most 128/],
    ['app@sha256:1234', /not a valid digest/],
    [`app@sha256:${'A'.repeat(64)}`, /not a valid digest/],
    ['-app', /cannot start with "-"/],
    ['app:.hidden', /not a valid tag/],
    ['', /empty/],
    [' app', /spaces/],
    ['app/', /not a valid repository name/],
    [`${'a'.repeat(256)}:1`, /at most 255/],
    ['exa_mple.com/app', /valid repository name|valid registry host/],
  ])('refuses %j', (input, message) => {
    expect(() => parseReference(input)).toThrow(message);
  });

  it('writes a repository back the way a person would', () => {
    expect(familiarRepository(parseReference('docker.io/library/nginx'))).toBe('nginx');
    expect(familiarRepository(parseReference('127.0.0.1:5055/a/b'))).toBe('127.0.0.1:5055/a/b');
  });
});

describe('classifyTag', () => {
  it.each([
    ['8b41d07', 'git-sha'],
    ['0123456789abcdef0123456789abcdef01234567', 'git-sha'],
    ['1.36', 'version'],
    ['v2.4.1', 'version'],
    ['2.4.1-alpine', 'version'],
    ['latest', 'mutable'],
    ['main', 'mutable'],
    ['8b41d0', 'mutable'],
    ['8B41D07', 'mutable'],
  ])('%s is %s', (tag, kind) => {
    expect(classifyTag(tag)).toBe(kind);
  });
});

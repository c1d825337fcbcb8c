import { describe, expect, it } from 'vitest';
import { canonicalJson, diffConfigs, flattenConfig } from './config';

describe('canonicalJson', () => {
  it('gives equal text for equal configs whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
  });
  it('drops undefined fields and keeps array order', () => {
    expect(canonicalJson({ a: undefined, b: [2, 1] })).toBe('{"b":[2,1]}');
  });
});

describe('flattenConfig', () => {
  it('names every leaf by its path', () => {
    const flat = flattenConfig({ env: { A: 'x' }, ports: [{ host: 80 }], labels: {}, command: [] });
    expect(Object.fromEntries(flat)).toEqual({
      'env.A': '"x"',
      'ports[0].host': '80',
      labels: '{}',
      command: '[]',
    });
  });
});

describe('diffConfigs', () => {
  it('lists added, removed and changed paths', () => {
    const changes = diffConfigs(
      { env: { A: '1', B: '2' }, ports: [{ host: 80 }] },
      { env: { A: '1', C: '3' }, ports: [{ host: 81 }] },
    );
    expect(changes).toEqual([
      { path: 'env.B', kind: 'removed', before: '"2"', after: null },
      { path: 'env.C', kind: 'added', before: null, after: '"3"' },
      { path: 'ports[0].host', kind: 'changed', before: '80', after: '81' },
    ]);
  });
  it('never shows a secret value, only that it changed', () => {
    const changes = diffConfigs(
      { secretEnv: { TOKEN: 'hash-of-old' } },
      { secretEnv: { TOKEN: 'hash-of-new', KEY: 'hash-of-key' } },
    );
    expect(changes).toEqual([
      { path: 'secretEnv.KEY', kind: 'added', before: null, after: '(secret)' },
      { path: 'secretEnv.TOKEN', kind: 'changed', before: '(secret)', after: '(secret)' },
    ]);
    expect(JSON.stringify(changes)).not.toContain('hash-of');
  });
  it('treats a missing previous config as everything added', () => {
    expect(diffConfigs(null, { name: 'shop' })).toEqual([
      { path: 'name', kind: 'added', before: null, after: '"shop"' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildLineage, type LineageImage } from './lineage';

const img = (
  id: string,
  layers: string[],
  refs = [id],
  labels: Record<string, string> = {},
): LineageImage => ({
  id,
  refs,
  hosts: ['a'],
  layers,
  labels,
});

describe('buildLineage', () => {
  it('builds base -> middleware -> app from layer prefixes, in tree order', () => {
    const nodes = buildLineage(
      [
        img('app2', ['l1', 'l2', 'l4'], ['app:2']),
        img('app1', ['l1', 'l2', 'l3'], ['app:1']),
        img('base', ['l1'], ['base:1']),
        img('mw', ['l1', 'l2'], ['mw:1']),
        img('other', ['x1'], ['other:1']),
      ],
      [
        { imageId: 'app1', service: 'shop', state: 'running' },
        { imageId: 'app2', service: null, state: 'running' },
        { imageId: 'app2', service: 'old', state: 'exited' },
      ],
    );
    expect(nodes.map((n) => [n.id, n.parentId, n.depth, n.role])).toEqual([
      ['base', null, 1, 'base'],
      ['mw', 'base', 2, 'middleware'],
      ['app1', 'mw', 3, 'app'],
      ['app2', 'mw', 3, 'app'],
      ['other', null, 1, 'unknown'],
    ]);
    const base = nodes[0];
    expect(base?.services).toEqual(['shop']);
    expect(base?.runningContainers).toBe(2);
    expect(nodes.every((n) => n.warning === null)).toBe(true);
  });

  it('warns for an image more than three levels deep', () => {
    const nodes = buildLineage(
      [
        img('a', ['1']),
        img('b', ['1', '2']),
        img('c', ['1', '2', '3']),
        img('d', ['1', '2', '3', '4'], ['deep:1']),
      ],
      [],
    );
    expect(nodes.find((n) => n.id === 'd')?.warning).toMatch(/deep:1 stands 4 levels deep/);
    expect(nodes.find((n) => n.id === 'c')?.warning).toBeNull();
  });

  it('skips a missing intermediate image and links to the nearest ancestor present', () => {
    const nodes = buildLineage([img('a', ['1']), img('c', ['1', '2', '3'])], []);
    expect(nodes.find((n) => n.id === 'c')).toMatchObject({ parentId: 'a', depth: 2 });
  });

  it('does not make an image with the same layers its own parent or sibling parent', () => {
    const nodes = buildLineage([img('x', ['1', '2']), img('y', ['1', '2'])], []);
    expect(nodes.every((n) => n.parentId === null)).toBe(true);
  });
});

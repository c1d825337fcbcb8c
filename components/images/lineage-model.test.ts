import { describe, expect, it } from 'vitest';
import type { TLineageNode } from '@/lib/types/images';
import { buildTree, countTree, splitForest, type TLineageTree } from './lineage-model';

function node(id: string, parentId: string | null, over: Partial<TLineageNode> = {}): TLineageNode {
  return {
    id,
    refs: [`${id}:1`],
    hosts: ['a'],
    parentId,
    depth: 1,
    layers: 1,
    role: 'unknown',
    services: [],
    runningContainers: 0,
    warning: null,
    ...over,
  };
}

const untagged = (id: string, parentId: string | null, over: Partial<TLineageNode> = {}) =>
  node(id, parentId, { refs: [], ...over });

/** A tree as nested ids, which is what the view draws. */
type Shape = [string, Shape[]];
const shape = (trees: TLineageTree[]): Shape[] => trees.map((t) => [t.node.id, shape(t.children)]);

describe('buildTree', () => {
  it('links children to their parents and makes roots of nodes without a parent in the list', () => {
    const trees = buildTree(
      [
        node('app', 'mw'),
        node('mw', 'base'),
        node('base', null),
        node('orphan', 'gone'),
        node('other', null),
      ],
      false,
    );
    expect(shape(trees)).toEqual([
      ['base', [['mw', [['app', []]]]]],
      ['orphan', []],
      ['other', []],
    ]);
  });

  it('sorts siblings by their first ref, untagged images by their id', () => {
    const trees = buildTree(
      [
        node('base', null),
        node('c', 'base', { refs: ['zz:1'] }),
        node('b', 'base', { refs: ['aa:1', 'zz:2'] }),
        node('d', 'base', { refs: ['mm:1'] }),
        untagged('y', 'base'),
        untagged('x', 'base'),
      ],
      true,
    );
    const children = trees[0]?.children.map((t) => t.node.id) ?? [];
    expect(children.filter((id) => id !== 'x' && id !== 'y')).toEqual(['b', 'd', 'c']);
    expect(children.filter((id) => id === 'x' || id === 'y')).toEqual(['x', 'y']);
  });

  it('leaves out untagged images unless asked, but keeps one that runs or carries a tagged image', () => {
    const nodes = [
      untagged('bare-root', null),
      untagged('dangling', 'bare-root'),
      untagged('running', null, { runningContainers: 1 }),
      untagged('mid', null),
      node('tagged-child', 'mid'),
    ];
    expect(shape(buildTree(nodes, false))).toEqual([
      ['mid', [['tagged-child', []]]],
      ['running', []],
    ]);
    expect(countTree(buildTree(nodes, true))).toBe(5);
  });

  it('keeps an untagged image between a tagged base and a tagged image built on it', () => {
    const trees = buildTree([node('base', null), untagged('between', 'base'), node('top', 'between')], false);
    expect(shape(trees)).toEqual([['base', [['between', [['top', []]]]]]]);
  });

  it('drops an untagged leaf under a tagged base', () => {
    const trees = buildTree([node('base', null), untagged('leaf', 'base')], false);
    expect(shape(trees)).toEqual([['base', []]]);
  });

  it('does not change the nodes it is given', () => {
    const nodes = [node('base', null), node('app', 'base')];
    const snapshot = structuredClone(nodes);
    buildTree(nodes, false);
    expect(nodes).toEqual(snapshot);
  });
});

describe('countTree', () => {
  it('counts every node of every tree', () => {
    expect(countTree([])).toBe(0);
    const trees = buildTree(
      [node('a', null), node('b', 'a'), node('c', 'b'), node('d', 'a'), node('e', null)],
      false,
    );
    expect(countTree(trees)).toBe(5);
  });
});

describe('splitForest', () => {
  const trees = buildTree(
    [
      node('base', null, { refs: ['debian:12'] }),
      node('app', 'base', { refs: ['shop/api:v1'], services: ['checkout'], hosts: ['edge-1'] }),
      node('lone', null, { refs: ['redis:7'] }),
      node('other', null, { refs: ['postgres:16'], hosts: ['db-1'] }),
    ],
    false,
  );

  it('puts trees with children among the families and single images apart', () => {
    const { families, standalone } = splitForest(trees, '');
    expect(families.map((t) => t.node.id)).toEqual(['base']);
    expect(standalone.map((t) => t.node.id)).toEqual(['other', 'lone']);
  });

  it('keeps a whole tree when any image in it matches every word', () => {
    const { families, standalone } = splitForest(trees, '  CHECKOUT edge ');
    expect(shape(families)).toEqual([['base', [['app', []]]]]);
    expect(standalone).toEqual([]);
  });

  it('matches refs, ids and hosts of single images too', () => {
    expect(splitForest(trees, 'db-1').standalone.map((t) => t.node.id)).toEqual(['other']);
    expect(splitForest(trees, 'lone').standalone.map((t) => t.node.id)).toEqual(['lone']);
    expect(splitForest(trees, 'redis').families).toEqual([]);
  });

  it('needs all words in one image: words spread over two images do not match', () => {
    expect(splitForest(trees, 'debian checkout').families).toEqual([]);
  });
});

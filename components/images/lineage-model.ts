import type { TLineageNode } from '@/lib/types/images';

export type TLineageTree = { node: TLineageNode; children: TLineageTree[] };

/** Whether a node or anything built on it carries a tag or runs: an old image still running matters. */
function hasTagged(tree: TLineageTree): boolean {
  return tree.node.refs.length > 0 || tree.node.runningContainers > 0 || tree.children.some(hasTagged);
}

/**
 * The forest from parent links. A node whose parent is not in the list is a root. Untagged images are
 * left out unless `untagged`, except where something runs on them or a tagged image is built on them.
 */
export function buildTree(nodes: TLineageNode[], untagged: boolean): TLineageTree[] {
  const ids = new Set(nodes.map((n) => n.id));
  const trees = new Map<string, TLineageTree>(nodes.map((n) => [n.id, { node: n, children: [] }]));
  const roots: TLineageTree[] = [];
  for (const n of nodes) {
    const tree = trees.get(n.id);
    if (!tree) continue;
    const parent = n.parentId && ids.has(n.parentId) ? trees.get(n.parentId) : undefined;
    if (parent) parent.children.push(tree);
    else roots.push(tree);
  }
  const label = (t: TLineageTree) => t.node.refs[0] ?? `~${t.node.id}`;
  const prune = (list: TLineageTree[]): TLineageTree[] =>
    list
      .filter((t) => untagged || hasTagged(t))
      .map((t) => ({ node: t.node, children: prune(t.children) }))
      .sort((a, b) => label(a).localeCompare(label(b)));
  return prune(roots);
}

export function countTree(trees: TLineageTree[]): number {
  return trees.reduce((n, t) => n + 1 + countTree(t.children), 0);
}

function treeMatches(tree: TLineageTree, words: string[]): boolean {
  const text = [...tree.node.refs, tree.node.id, ...tree.node.services, ...tree.node.hosts]
    .join(' ')
    .toLowerCase();
  return words.every((w) => text.includes(w)) || tree.children.some((c) => treeMatches(c, words));
}

/**
 * Families (a root with images built on it) come first as trees; images with neither parent nor child
 * are listed apart, since a tree of one says little. A query keeps the trees where any image matches.
 */
export function splitForest(
  trees: TLineageTree[],
  query: string,
): { families: TLineageTree[]; standalone: TLineageTree[] } {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const kept = words.length ? trees.filter((t) => treeMatches(t, words)) : trees;
  return {
    families: kept.filter((t) => t.children.length > 0),
    standalone: kept.filter((t) => t.children.length === 0),
  };
}

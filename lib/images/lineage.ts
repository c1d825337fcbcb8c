/**
 * Image lineage from layer chains: an image's parent is the image whose layers are the longest strict
 * prefix of its own. Pure, so the tree is tested without engines.
 */
import type { TImageRole, TLineageNode } from '@/lib/types/images';
import { ROLE_LABEL } from './drift';

export const MAX_DEPTH = 3;

export type LineageImage = {
  id: string;
  refs: string[];
  hosts: string[];
  /** Root file system layer diff ids, base first. */
  layers: string[];
  labels: Record<string, string>;
};

export type LineageContainer = { imageId: string; service: string | null; state: string };

function isStrictPrefix(prefix: readonly string[], of: readonly string[]): boolean {
  if (prefix.length === 0 || prefix.length >= of.length) return false;
  return prefix.every((layer, i) => of[i] === layer);
}

function roleOf(image: LineageImage, hasParent: boolean, hasChildren: boolean): TImageRole {
  const explicit = image.labels[ROLE_LABEL];
  if (explicit === 'app' || explicit === 'middleware' || explicit === 'base') return explicit;
  if (!hasParent) return hasChildren ? 'base' : 'unknown';
  return hasChildren ? 'middleware' : 'app';
}

/** The lineage forest in tree order (each parent before its children), with blast radius and warnings. */
export function buildLineage(images: LineageImage[], containers: LineageContainer[]): TLineageNode[] {
  const byId = new Map(images.map((i) => [i.id, i]));
  // The nearest ancestor is the one with the longest chain that is a strict prefix.
  const parentOf = new Map<string, string | null>();
  for (const image of images) {
    let best: LineageImage | null = null;
    for (const candidate of images) {
      if (candidate.id === image.id || !isStrictPrefix(candidate.layers, image.layers)) continue;
      if (!best || candidate.layers.length > best.layers.length) best = candidate;
    }
    parentOf.set(image.id, best?.id ?? null);
  }
  const children = new Map<string, string[]>();
  for (const [id, parent] of parentOf) {
    if (parent) children.set(parent, [...(children.get(parent) ?? []), id]);
  }

  const running = new Map<string, LineageContainer[]>();
  for (const c of containers) {
    if (c.state !== 'running') continue;
    running.set(c.imageId, [...(running.get(c.imageId) ?? []), c]);
  }

  const depthOf = (id: string): number => {
    let depth = 1;
    for (let p = parentOf.get(id); p; p = parentOf.get(p)) depth += 1;
    return depth;
  };
  const subtree = (id: string): LineageContainer[] => [
    ...(running.get(id) ?? []),
    ...(children.get(id) ?? []).flatMap(subtree),
  ];
  const label = (i: LineageImage) => i.refs[0] ?? i.id;

  const nodes: TLineageNode[] = [];
  const visit = (id: string) => {
    const image = byId.get(id);
    if (!image) return;
    const parentId = parentOf.get(id) ?? null;
    const depth = depthOf(id);
    const users = subtree(id);
    const kids = children.get(id) ?? [];
    nodes.push({
      id,
      refs: image.refs,
      hosts: image.hosts,
      parentId,
      depth,
      layers: image.layers.length,
      role: roleOf(image, parentId !== null, kids.length > 0),
      services: [...new Set(users.flatMap((c) => (c.service ? [c.service] : [])))].sort(),
      runningContainers: users.length,
      warning:
        depth > MAX_DEPTH
          ? `${label(image)} stands ${depth} levels deep (more than ${MAX_DEPTH}): every layer below it is one more image to patch and rebuild.`
          : null,
    });
    const ordered = kids.map((k) => byId.get(k)).filter((i): i is LineageImage => i !== undefined);
    ordered.sort((a, b) => label(a).localeCompare(label(b)));
    for (const child of ordered) visit(child.id);
  };
  const roots = images.filter((i) => !parentOf.get(i.id)).sort((a, b) => label(a).localeCompare(label(b)));
  for (const root of roots) visit(root.id);
  return nodes;
}

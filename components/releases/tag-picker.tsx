'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { formatAgo } from '@/lib/format';
import { classifyTag, tryParseReference } from '@/lib/images/reference';
import { tagsQueryOptions, useRegistries, useTagNames } from '@/lib/queries/registries';
import type { TRegistry } from '@/lib/types/registries';
import { Spinner } from '../ui/button';

/** The configured registry an image repository lives in, and its path there. */
export function registryOf(
  image: string,
  registries: TRegistry[],
): { registry: TRegistry; repository: string } | null {
  const ref = tryParseReference(image);
  if (!ref) return null;
  const registry = registries.find((r) => {
    try {
      return new URL(r.url).host === ref.domain;
    } catch {
      return false;
    }
  });
  return registry ? { registry, repository: ref.path } : null;
}

export type PickedTag = { name: string; createdAt: string | null; gitSha: boolean };

/** Tags newest first where the registry said when they were built, then the rest. */
export function orderTags(names: string[], created: Map<string, string | null>): PickedTag[] {
  return names
    .map((name) => ({ name, createdAt: created.get(name) ?? null, gitSha: classifyTag(name) === 'git-sha' }))
    .sort((a, b) => {
      if (a.createdAt && b.createdAt) return b.createdAt.localeCompare(a.createdAt);
      if (a.createdAt) return -1;
      if (b.createdAt) return 1;
      return b.name.localeCompare(a.name);
    });
}

/**
 * The repository's tags as buttons, narrowed by what was typed; Git-SHA tags stand out. Reads the
 * names first (one cheap call), then the first page of details to put the newest on top.
 */
export function TagPicker({
  image,
  typed,
  current,
  onPick,
}: {
  image: string;
  typed: string;
  current: string | null;
  onPick: (tag: string) => void;
}) {
  const registries = useRegistries();
  const where = registries.data ? registryOf(image, registries.data) : null;
  const regRef = where?.registry.id ?? '';
  const repo = where?.repository ?? '';
  const names = useTagNames(regRef, repo, where !== null);
  const details = useInfiniteQuery({ ...tagsQueryOptions(regRef, repo), enabled: where !== null });
  const tags = useMemo(() => {
    const created = new Map<string, string | null>();
    for (const page of details.data?.pages ?? [])
      for (const t of page.items) created.set(t.name, t.createdAt);
    return orderTags(names.data?.tags ?? [], created);
  }, [names.data, details.data]);

  if (registries.isPending) return null;
  if (!where)
    return (
      <p className="text-xs text-muted">
        The image is not in a configured registry, so its tags cannot be listed; type the tag or digest.
      </p>
    );
  if (names.isPending)
    return (
      <p className="flex items-center gap-2 text-xs text-muted">
        <Spinner /> Reading tags from {where.registry.name}…
      </p>
    );
  if (!names.data)
    return (
      <p className="text-xs text-amber-800 dark:text-amber-300">
        The tags could not be read from {where.registry.name} ({names.error?.message}); type the tag.
      </p>
    );
  const q = typed.trim().toLowerCase();
  const shown = tags.filter((t) => !q || t.name.toLowerCase().includes(q)).slice(0, 40);
  return (
    <div className="flex flex-col gap-1">
      <p className="text-xs text-muted">
        {tags.length} tags in {where.registry.name}
        {details.isPending ? ' · reading build dates…' : ', newest first'}. Git-SHA tags are in bold.
      </p>
      {shown.length === 0 ? (
        <p className="text-xs text-muted">No tag contains “{typed}”.</p>
      ) : (
        <ul aria-label="Tags" className="flex max-h-40 flex-wrap gap-1 overflow-y-auto">
          {shown.map((t) => (
            <li key={t.name}>
              <button
                type="button"
                onClick={() => onPick(t.name)}
                aria-pressed={typed === t.name}
                title={t.createdAt ? `built ${formatAgo(t.createdAt)}` : undefined}
                className={`rounded border px-1.5 py-0.5 font-mono text-xs hover:bg-raised ${
                  typed === t.name ? 'border-accent bg-raised' : 'border-line'
                } ${t.gitSha ? 'font-semibold text-accent' : ''}`}
              >
                {t.name}
                {t.name === current ? <span className="ml-1 font-sans text-muted">(current)</span> : null}
                {t.createdAt ? (
                  <span className="ml-1 font-sans font-normal text-muted">{formatAgo(t.createdAt)}</span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

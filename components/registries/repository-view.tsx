'use client';

import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { plural, shownOf } from '@/lib/format';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import { isApiError } from '@/lib/queries/api';
import { useRegistry, useTagNames, useTags } from '@/lib/queries/registries';
import { Button, Spinner } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { FilterButtons, SearchBox } from '../ui/filter-bar';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { nextSort } from '../ui/table';
import { ManifestPanel } from './manifest-panel';
import { Breadcrumbs, CopyButton, TagKindBadge } from './registry-parts';
import {
  countKinds,
  DEFAULT_TAG_SORT,
  filterAndSort,
  KIND_FILTERS,
  type KindFilter,
  pendingTag,
  type TagSort,
  type TagSortKey,
  toRows,
} from './tags-model';
import { TagsTable } from './tags-table';

function registryHost(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** Keeps `?tag=` in the address bar in step with the open manifest, so it can be shared. */
function useTagInUrl(initial: string | null): [string | null, (tag: string | null) => void] {
  const [selected, setSelected] = useState(initial);
  const select = useCallback((tag: string | null) => {
    setSelected(tag);
    const url = new URL(window.location.href);
    if (tag) url.searchParams.set('tag', tag);
    else url.searchParams.delete('tag');
    window.history.replaceState(window.history.state, '', url);
  }, []);
  return [selected, select];
}

export function RepositoryView({
  regRef,
  repository,
  initialTag,
}: {
  regRef: string;
  repository: string;
  initialTag: string | null;
}) {
  const { data: registry } = useRegistry(regRef);
  const tags = useTags(regRef, repository);
  // The names come back at once; the details of hundreds of tags take longer, so the names show first.
  const names = useTagNames(regRef, repository, tags.isPending);
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<KindFilter>('all');
  const [sort, setSort] = useState<TagSort>(DEFAULT_TAG_SORT);
  const [selected, select] = useTagInUrl(initialTag);
  const filterRef = useRef<HTMLInputElement>(null);
  useSlashFocus(filterRef);
  const deferredQuery = useDeferredValue(query);

  const all = useMemo(() => {
    if (tags.data) return toRows(tags.data.pages.flatMap((p) => p.items));
    if (tags.isPending && names.data) return toRows(names.data.tags.map(pendingTag), true);
    return [];
  }, [tags.data, tags.isPending, names.data]);
  const reading = !tags.data && tags.isPending && names.data !== undefined;
  const counts = useMemo(() => countKinds(all), [all]);
  const rows = useMemo(() => filterAndSort(all, deferredQuery, kind, sort), [all, deferredQuery, kind, sort]);
  const onSort = useCallback((key: TagSortKey) => setSort((s) => nextSort(s, key)), []);
  const onSelect = useCallback((name: string) => select(name), [select]);
  const onClose = useCallback(() => select(null), [select]);
  const selectedRow = selected ? all.find((t) => t.name === selected) : undefined;
  // Ages move once a minute, so unchanged rows skip re-rendering.
  const now = Math.ceil(tags.dataUpdatedAt / 60_000) * 60_000;

  // A `?tag=` that names no tag once all are loaded is dropped, rather than leaving an empty panel.
  useEffect(() => {
    if (selected && tags.data && !tags.hasNextPage && !selectedRow) select(null);
  }, [selected, selectedRow, tags.data, tags.hasNextPage, select]);

  const host = registryHost(registry?.url);
  const pullRef = host ? `${host}/${repository}` : null;
  const notFound = isApiError(tags.error) && tags.error.status === 404;

  return (
    <>
      <Breadcrumbs
        items={[
          { label: 'Registries', href: '/registries' },
          { label: registry?.name ?? regRef, href: `/registries/${encodeURIComponent(regRef)}` },
          { label: repository },
        ]}
      />
      <PageHeader
        title={<span className="font-mono">{repository}</span>}
        subtitle={
          pullRef ? (
            <span className="inline-flex max-w-full items-center gap-1">
              <code className="truncate font-mono text-xs" title={pullRef}>
                {pullRef}
              </code>
              <CopyButton value={pullRef} label="Copy the repository reference" />
            </span>
          ) : null
        }
      />
      <section aria-label="Tags" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-base font-semibold">Tags</h2>
          {all.length > 0 ? (
            <>
              <SearchBox
                id="tag-filter"
                inputRef={filterRef}
                label="Filter tags"
                placeholder="Filter by tag, digest, revision, host"
                value={query}
                onChange={setQuery}
              />
              <FilterButtons
                legend="Show tags by kind"
                options={KIND_FILTERS}
                value={kind}
                onChange={setKind}
                labelOf={(k) => (k === 'all' ? 'All' : <TagKindBadge kind={k} />)}
                counts={counts}
                disableEmpty
              />
            </>
          ) : null}
          {reading ? (
            <p role="status" className="ml-auto inline-flex items-center gap-2 text-xs text-muted">
              <Spinner /> Reading the details of {plural(all.length, 'tag')}; newest first once read
            </p>
          ) : tags.data ? (
            <p className="ml-auto text-xs text-muted" aria-live="polite">
              {shownOf(rows.length, all.length, (n) => plural(n, 'tag'))}
              {tags.hasNextPage ? ', more to load' : ''}
            </p>
          ) : null}
        </div>

        {tags.isPending && !reading ? (
          <LoadingBlock label="Reading the tags and their manifests…" rows={8} />
        ) : !tags.data && !reading ? (
          <ErrorPanel
            title={
              notFound
                ? `${repository} was not found`
                : `The registry ${registry?.name ?? regRef} did not give the tags of ${repository}`
            }
            error={tags.error}
            onRetry={notFound ? undefined : () => void tags.refetch()}
          />
        ) : all.length === 0 ? (
          <EmptyState title="No tags">
            The repository exists but has no tags: its images were deleted, or only pushed by digest.
          </EmptyState>
        ) : rows.length === 0 ? (
          <EmptyState
            title="No tag matches"
            action={
              <Button
                onClick={() => {
                  setQuery('');
                  setKind('all');
                }}
              >
                Clear the filter
              </Button>
            }
          >
            Nothing matches “{deferredQuery || kind}”. Clear the filter to see all {all.length} tags.
          </EmptyState>
        ) : (
          <>
            <TagsTable
              rows={rows}
              sort={sort}
              onSort={onSort}
              selected={selected}
              onSelect={onSelect}
              now={now}
            />
            {tags.hasNextPage ? (
              <div>
                <Button onClick={() => void tags.fetchNextPage()} pending={tags.isFetchingNextPage}>
                  Load more tags
                </Button>
              </div>
            ) : null}
          </>
        )}
      </section>
      {selectedRow ? (
        <ManifestPanel
          key={selectedRow.name}
          regRef={regRef}
          repository={repository}
          tag={selectedRow}
          pullRef={pullRef}
          onClose={onClose}
        />
      ) : null}
    </>
  );
}

'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { formatAgo, shownOf } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import { useFleetImages } from '@/lib/queries/images';
import { Button, buttonClass } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { SearchBox } from '../ui/filter-bar';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock, Skeleton } from '../ui/skeleton';
import { DriftCountBadges } from './drift-badges';
import { groupFleetImages } from './fleet-images-model';
import { FleetImagesTable, type THostColumn } from './fleet-images-table';
import { PullDialog } from './pull-dialog';
import { ReadProblems } from './read-problems';

function useFilterParams() {
  const params = useSearchParams();
  const pathname = usePathname();
  const driftOnly = params.get('drift') === '1';
  const host = params.get('host');
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    // The history API updates the search params without a navigation, so a link clicked meanwhile wins.
    window.history.replaceState(null, '', qs ? `${pathname}?${qs}` : pathname);
  };
  return { driftOnly, host, q: params.get('q') ?? '', set };
}

/** Every repository:tag on the fleet, the image id each host has for it, and what drifted. */
export function FleetImagesView() {
  const { data, error, isPending, refetch, isFetching, dataUpdatedAt } = useFleetImages();
  const canPull = useCan('images.pull');
  const filters = useFilterParams();
  const [query, setQuery] = useState(filters.q);
  const [pulling, setPulling] = useState(false);
  const filterRef = useRef<HTMLInputElement>(null);
  useSlashFocus(filterRef);
  const deferred = useDeferredValue(query);

  // The text filter goes to the URL at once (a history entry is replaced, nothing navigates), so a search
  // can be shared and reloaded, and no late write can undo a link clicked right after typing.
  const { q, set } = filters;
  useEffect(() => {
    if (deferred !== q) set({ q: deferred || null });
  }, [deferred, q, set]);

  const groups = useMemo(
    () =>
      groupFleetImages(data?.items ?? [], { q: deferred, driftOnly: filters.driftOnly, host: filters.host }),
    [data, deferred, filters.driftOnly, filters.host],
  );
  const hostColumns: THostColumn[] = useMemo(
    () => (data?.hosts ?? []).map((r) => ({ name: r.host.name, error: r.ok ? null : r.error.message })),
    [data],
  );
  const shown = groups.reduce((n, g) => n + g.items.length, 0);
  const drifting = data?.items.filter((i) => i.drift.length > 0).length ?? 0;
  const filtered = Boolean(deferred || filters.driftOnly || filters.host);
  const clear = () => {
    setQuery('');
    set({ q: null, drift: null, host: null });
  };

  const actions = (
    <>
      <Link href="/images/lineage" className={buttonClass('secondary')}>
        Lineage
      </Link>
      {canPull ? (
        <Button variant="primary" onClick={() => setPulling(true)}>
          Pull
        </Button>
      ) : null}
    </>
  );

  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Images"
        subtitle={
          data ? (
            <span aria-live="polite">
              {data.items.length} tags on {data.hosts.length} hosts · checked{' '}
              {formatAgo(data.checkedAt, Math.max(Date.now(), dataUpdatedAt))}
              {isFetching ? ' · refreshing…' : ''}
            </span>
          ) : (
            'Every repository:tag across the fleet, with the image each host has for it'
          )
        }
        actions={actions}
      />
      {pulling ? <PullDialog open onClose={() => setPulling(false)} /> : null}

      {isPending ? (
        <div role="status" aria-label="Loading images" className="flex flex-col gap-3">
          <Skeleton className="h-12" />
          <LoadingBlock label="Asking every host and registry…" rows={12} />
        </div>
      ) : !data ? (
        <ErrorPanel
          title="The fleet's images could not be read"
          error={error}
          onRetry={() => void refetch()}
        />
      ) : (
        <>
          <section
            aria-label="Drift summary"
            className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-line bg-surface px-3 py-2 text-sm"
          >
            <span className="font-medium">Drift</span>
            <DriftCountBadges counts={data.drift} showNone testId="drift-total" />
            <span className="text-xs text-muted">
              {drifting} of {data.items.length} tags drift
            </span>
            {Object.entries(data.driftByHost).map(([host, counts]) =>
              counts.alarm + counts.warning + counts.notice > 0 ? (
                <button
                  key={host}
                  type="button"
                  onClick={() => set({ host: filters.host === host ? null : host, drift: '1' })}
                  aria-pressed={filters.host === host}
                  className={`inline-flex items-center gap-1 rounded px-1 text-xs hover:bg-raised ${filters.host === host ? 'ring-1 ring-accent' : ''}`}
                  title={`Show only drift on ${host}`}
                >
                  <span className="font-medium">{host}</span>
                  <DriftCountBadges counts={counts} />
                </button>
              ) : null,
            )}
          </section>
          <ReadProblems hosts={data.hosts} registries={data.registries} />
          <div className="flex flex-wrap items-center gap-3">
            <SearchBox
              id="image-filter"
              inputRef={filterRef}
              label="Filter images"
              placeholder="Filter by repository, tag, host, image id…"
              value={query}
              onChange={setQuery}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown' || e.key === 'Enter') {
                  // From the filter straight into the rows; Up and Down then move between them.
                  const first = document.querySelector<HTMLAnchorElement>('a[data-row-link]');
                  if (first) {
                    e.preventDefault();
                    first.focus();
                  }
                }
              }}
              className="w-96 max-w-full"
            />
            <label className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={filters.driftOnly}
                onChange={(e) => set({ drift: e.target.checked ? '1' : null })}
              />
              Drift only
            </label>
            {filters.host ? (
              <Button size="sm" onClick={() => set({ host: null })} title="Show every host again">
                Host: {filters.host} ✕
              </Button>
            ) : null}
            <p className="ml-auto text-xs text-muted" aria-live="polite">
              {shownOf(shown, data.items.length, (n) => `${n} tags`)}
            </p>
          </div>
          {data.items.length === 0 ? (
            <EmptyState
              title="No tagged images on the fleet"
              action={
                canPull ? (
                  <Button variant="primary" onClick={() => setPulling(true)}>
                    Pull an image
                  </Button>
                ) : null
              }
            >
              {data.hosts.length === 0
                ? 'No hosts are registered yet. Add a host under Hosts and its images show up here.'
                : canPull
                  ? 'The engines answered but hold no tagged images. Pull one to a host, or start a release.'
                  : 'The engines answered but hold no tagged images. An operator can pull one.'}
            </EmptyState>
          ) : shown === 0 ? (
            <EmptyState title="No tag matches" action={<Button onClick={clear}>Clear the filters</Button>}>
              {filters.driftOnly && !deferred && !filters.host
                ? 'No tag drifts: every host has the same image for each tag, and it matches the registry.'
                : `Nothing matches${deferred ? ` “${deferred}”` : ''}${filtered ? ' with these filters' : ''}.`}
            </EmptyState>
          ) : (
            <FleetImagesTable groups={groups} hosts={hostColumns} />
          )}
        </>
      )}
    </div>
  );
}

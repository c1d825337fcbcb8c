'use client';

import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { shownOf } from '@/lib/format';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import { useContainers } from '@/lib/queries/containers';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { FilterButtons, SearchBox } from '../ui/filter-bar';
import { LoadingBlock } from '../ui/skeleton';
import { nextSort, type SortState } from '../ui/table';
import {
  type ContainerSortKey,
  countQuick,
  filterAndSort,
  QUICK_FILTERS,
  type QuickFilter,
} from './container-list-model';
import { ContainersTable } from './containers-table';

const QUICK_LABEL: Record<QuickFilter, string> = {
  all: 'All',
  running: 'Running',
  stopped: 'Stopped',
  unhealthy: 'Unhealthy',
  restarting: 'Restarting',
};

export function ContainersPanel({ hostRef }: { hostRef: string }) {
  const { data, error, isPending, refetch, dataUpdatedAt } = useContainers(hostRef);
  const [query, setQuery] = useState('');
  const [quick, setQuick] = useState<QuickFilter>('all');
  const [sort, setSort] = useState<SortState<ContainerSortKey>>({ key: 'name', dir: 'asc' });
  const filterRef = useRef<HTMLInputElement>(null);
  useSlashFocus(filterRef);
  const deferredQuery = useDeferredValue(query);

  const counts = useMemo(() => countQuick(data ?? []), [data]);
  const rows = useMemo(
    () => filterAndSort(data ?? [], deferredQuery, quick, sort),
    [data, deferredQuery, quick, sort],
  );
  // Ages are shown in minutes; a clock that moves once a minute lets unchanged rows skip re-rendering.
  const minute = Math.ceil(dataUpdatedAt / 60_000) * 60_000;
  const onSort = useCallback((key: ContainerSortKey) => setSort((s) => nextSort(s, key)), []);
  const clear = () => {
    setQuery('');
    setQuick('all');
  };

  return (
    <section aria-label="Containers" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-base font-semibold">Containers</h2>
        {data && data.length > 0 ? (
          <>
            <SearchBox
              id="container-filter"
              inputRef={filterRef}
              label="Filter containers"
              placeholder="Filter by name, image, state, service"
              value={query}
              onChange={setQuery}
              className="w-80"
            />
            <FilterButtons
              legend="Show containers by state"
              options={QUICK_FILTERS}
              value={quick}
              onChange={setQuick}
              labelOf={(f) => QUICK_LABEL[f]}
              counts={counts}
            />
          </>
        ) : null}
        {data ? (
          <p className="ml-auto text-xs text-muted" aria-live="polite">
            {shownOf(rows.length, data.length, (n) => `${n} containers`)}
          </p>
        ) : null}
      </div>

      {isPending ? (
        <LoadingBlock label="Loading containers…" rows={8} />
      ) : !data ? (
        <ErrorPanel title="The containers could not be read" error={error} onRetry={() => void refetch()} />
      ) : data.length === 0 ? (
        <EmptyState title="No containers on this host">
          The engine answered but has no containers, running or stopped. Containers started on it with{' '}
          <code className="font-mono">docker run</code> or by a release appear here within seconds.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState title="No container matches" action={<Button onClick={clear}>Clear the filter</Button>}>
          Nothing matches “{deferredQuery || QUICK_LABEL[quick]}”. Clear the filter to see all {data.length}{' '}
          containers.
        </EmptyState>
      ) : (
        <ContainersTable rows={rows} hostRef={hostRef} sort={sort} onSort={onSort} now={minute} />
      )}
    </section>
  );
}

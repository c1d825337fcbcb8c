'use client';

import { type ReactNode, useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { shownOf } from '@/lib/format';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import type { TVolume } from '@/lib/types/volumes';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { FilterButtons, SearchBox } from '../ui/filter-bar';
import { nextSort, type SortState } from '../ui/table';
import {
  countFilters,
  filterAndSortVolumes,
  VOLUME_FILTER_LABEL,
  VOLUME_FILTERS,
  type VolumeFilter,
  type VolumeSortKey,
} from './volume-list-model';
import { VolumesTable } from './volumes-table';

const EMPTY_FILTER_TEXT: Record<VolumeFilter, string> = {
  all: '',
  protected: 'No volume is protected. A lead can protect one from its page, with a reason.',
  orphans: 'No orphans: every volume is referred to by some container.',
  unused: 'Every volume is mounted by a running container.',
  'no-backup': 'Every volume has a recent backup.',
  'data-only': 'No volume is held by a data-only container.',
};

type Props = {
  volumes: TVolume[];
  /** The list's name for screen readers, and the filter box's id prefix. */
  label: string;
  id: string;
  showHost: boolean;
  query: string;
  onQuery: (q: string) => void;
  filter: VolumeFilter;
  onFilter: (f: VolumeFilter) => void;
  warnHours: number | null;
  /** A minute-precise clock, so unchanged rows skip re-rendering. */
  now: number;
  /** What to show when there is no volume at all. */
  empty: ReactNode;
};

/** The search box, the quick filters and the table, shared by the fleet list and a host's tab. */
export function VolumeList(props: Props) {
  const { volumes, label, id, showHost, query, onQuery, filter, onFilter, warnHours, now } = props;
  const [sort, setSort] = useState<SortState<VolumeSortKey>>({
    key: showHost ? 'host' : 'name',
    dir: 'asc',
  });
  const inputRef = useRef<HTMLInputElement>(null);
  useSlashFocus(inputRef);
  const deferred = useDeferredValue(query);
  const ctx = useMemo(() => ({ now, warnHours }), [now, warnHours]);
  const counts = useMemo(() => countFilters(volumes, ctx), [volumes, ctx]);
  const rows = useMemo(
    () => filterAndSortVolumes(volumes, deferred, filter, sort, ctx),
    [volumes, deferred, filter, sort, ctx],
  );
  const onSort = useCallback((key: VolumeSortKey) => setSort((s) => nextSort(s, key)), []);
  const clear = () => {
    onQuery('');
    onFilter('all');
  };

  if (volumes.length === 0) return <>{props.empty}</>;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <SearchBox
          id={`${id}-filter`}
          inputRef={inputRef}
          label="Filter volumes"
          placeholder="Filter by name, host, container, label…"
          value={query}
          onChange={onQuery}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' && e.key !== 'Enter') return;
            // From the filter straight into the rows; Up and Down then move between them.
            const first = document.querySelector<HTMLAnchorElement>(`#${id}-rows a[data-row-link]`);
            if (first) {
              e.preventDefault();
              first.focus();
            }
          }}
          className="w-80 max-w-full"
        />
        <FilterButtons
          legend="Show volumes"
          options={VOLUME_FILTERS}
          value={filter}
          onChange={onFilter}
          labelOf={(f) => VOLUME_FILTER_LABEL[f]}
          counts={counts}
        />
        <p className="ml-auto text-xs text-muted" aria-live="polite">
          {shownOf(rows.length, volumes.length, (n) => `${n} volumes`)}
        </p>
      </div>
      {rows.length === 0 ? (
        <EmptyState title="No volume matches" action={<Button onClick={clear}>Clear the filters</Button>}>
          {deferred
            ? `Nothing matches “${deferred}”${filter === 'all' ? '' : ` among ${VOLUME_FILTER_LABEL[filter].toLowerCase()}`}.`
            : EMPTY_FILTER_TEXT[filter]}
        </EmptyState>
      ) : (
        <div id={`${id}-rows`}>
          <VolumesTable rows={rows} label={label} showHost={showHost} sort={sort} onSort={onSort} now={now} />
        </div>
      )}
    </div>
  );
}

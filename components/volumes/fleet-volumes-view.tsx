'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useDeferredValue, useEffect, useState } from 'react';
import { hostVolumesHref, useFleetVolumes } from '@/lib/queries/volumes';
import type { TFleetVolumes } from '@/lib/types/volumes';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock, Skeleton } from '../ui/skeleton';
import { VolumeList } from './volume-list';
import { isVolumeFilter, sizesLabel, type VolumeFilter } from './volume-list-model';

function useFilterParams() {
  const params = useSearchParams();
  const pathname = usePathname();
  const show = params.get('show');
  const set = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      const qs = next.toString();
      // The history API updates the search params without a navigation, so a link clicked meanwhile wins.
      window.history.replaceState(null, '', qs ? `${pathname}?${qs}` : pathname);
    },
    [pathname],
  );
  return { q: params.get('q') ?? '', filter: isVolumeFilter(show) ? show : 'all', set };
}

/** Each host's outcome: how many volumes, when sizes were measured, or why it could not be read. */
function HostStrip({ data, now }: { data: TFleetVolumes; now: number }) {
  return (
    <ul
      aria-label="Hosts"
      className="flex flex-wrap gap-x-5 gap-y-1 rounded-lg border border-line bg-surface px-3 py-2 text-xs"
    >
      {data.hosts.map((h) => {
        const count = data.volumes.filter((v) => v.host.id === h.host.id).length;
        const sizes = data.sizes[h.host.id];
        return (
          <li
            key={h.host.id}
            data-testid={`volume-host-${h.host.name}`}
            className={`min-w-0 break-words ${h.ok ? '' : 'text-red-800 dark:text-red-300'}`}
          >
            <Link
              href={hostVolumesHref(h.host.name)}
              className="font-medium underline-offset-2 hover:underline"
            >
              {h.host.name}
            </Link>
            {h.ok ? (
              <span className="text-muted">
                {' '}
                · {count} {count === 1 ? 'volume' : 'volumes'} · {sizes ? sizesLabel(sizes, now) : ''}
              </span>
            ) : (
              <span role="alert"> · not read, so its volumes are missing here: {h.error.message}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Every volume on every host that answered, with who uses it, its protection, backups and size. */
export function FleetVolumesView() {
  const { data, error, isPending, isFetching, refetch, dataUpdatedAt } = useFleetVolumes();
  const filters = useFilterParams();
  const [query, setQuery] = useState(filters.q);
  const [filter, setFilter] = useState<VolumeFilter>(filters.filter);
  const deferred = useDeferredValue(query);
  const { q, set } = filters;
  useEffect(() => {
    if (deferred !== q) set({ q: deferred || null });
  }, [deferred, q, set]);
  const onFilter = (f: VolumeFilter) => {
    setFilter(f);
    set({ show: f === 'all' ? null : f });
  };
  const now = Math.ceil(Math.max(dataUpdatedAt, 1) / 60_000) * 60_000;
  const protectedCount = data?.volumes.filter((v) => v.protection.protected).length ?? 0;

  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Volumes"
        subtitle={
          data ? (
            <span aria-live="polite">
              {data.volumes.length} volumes on {data.hosts.filter((h) => h.ok).length} of {data.hosts.length}{' '}
              hosts · {protectedCount} protected · a protected volume warns after {data.backupWarnHours} h
              without a backup
              {isFetching ? ' · refreshing…' : ''}
            </span>
          ) : (
            'Every volume across the fleet: who uses it, its protection and its backups'
          )
        }
      />
      {isPending ? (
        <div role="status" aria-label="Loading volumes" className="flex flex-col gap-3">
          <Skeleton className="h-9" />
          <LoadingBlock label="Asking every host…" rows={12} />
        </div>
      ) : !data ? (
        <ErrorPanel
          title="The fleet's volumes could not be read"
          error={error}
          onRetry={() => void refetch()}
        />
      ) : (
        <>
          {data.hosts.length > 0 ? <HostStrip data={data} now={now} /> : null}
          <VolumeList
            volumes={data.volumes}
            label="Volumes across the fleet"
            id="fleet-volumes"
            showHost
            query={query}
            onQuery={setQuery}
            filter={filter}
            onFilter={onFilter}
            warnHours={data.backupWarnHours}
            now={now}
            empty={
              <EmptyState title="No volumes on the fleet">
                {data.hosts.length === 0
                  ? 'No hosts are registered yet. Add a host under Hosts and its volumes show up here.'
                  : data.hosts.every((h) => !h.ok)
                    ? 'No host could be read, so no volume is listed. See the errors above; the list fills in when the hosts answer.'
                    : 'The engines that answered hold no volumes. Volumes appear here when a container or release creates one.'}
              </EmptyState>
            }
          />
        </>
      )}
    </div>
  );
}

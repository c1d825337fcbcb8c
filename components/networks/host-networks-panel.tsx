'use client';

import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { shownOf } from '@/lib/format';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import { useHostNetworks } from '@/lib/queries/networks';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { SearchBox } from '../ui/filter-bar';
import { LoadingBlock } from '../ui/skeleton';
import { NetworkFlags } from './network-flags';
import { filterNetworks, sortFlags, sortNetworks } from './networks-model';
import { NetworksTable } from './networks-table';

/** One host's networks, what deserves a look, and a search over names, members and addresses. */
export function HostNetworksPanel({ hostRef }: { hostRef: string }) {
  const { data, error, isPending, isFetching, refetch } = useHostNetworks(hostRef);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const inputRef = useRef<HTMLInputElement>(null);
  useSlashFocus(inputRef);
  const rows = useMemo(() => sortNetworks(filterNetworks(data?.networks ?? [], deferred)), [data, deferred]);

  if (isPending) return <LoadingBlock label={`Reading the networks of ${hostRef}…`} rows={5} />;
  if (!data) {
    return (
      <ErrorPanel
        title={`The networks of ${hostRef} could not be read`}
        error={error}
        onRetry={() => void refetch()}
      />
    );
  }
  return (
    <section
      aria-label={`Networks of ${hostRef}`}
      className="flex flex-col gap-3"
      data-testid="host-networks"
    >
      <NetworkFlags flags={sortFlags(data.flags)} host={hostRef} />
      <div className="flex flex-wrap items-center gap-3">
        <SearchBox
          id={`networks-${hostRef}-filter`}
          inputRef={inputRef}
          label="Filter networks"
          placeholder="Filter by name, driver, subnet, container or address…"
          value={query}
          onChange={setQuery}
          className="w-[28rem] max-w-full"
        />
        <p className="ml-auto text-xs text-muted" aria-live="polite">
          {shownOf(rows.length, data.networks.length, (n) => `${n} networks`)}
          {isFetching ? ' · refreshing…' : ''}
        </p>
      </div>
      {rows.length === 0 ? (
        <EmptyState
          title={data.networks.length === 0 ? 'No networks' : 'No network matches'}
          action={
            data.networks.length === 0 ? null : <Button onClick={() => setQuery('')}>Clear the search</Button>
          }
        >
          {data.networks.length === 0
            ? 'The engine answered with no network at all, not even its defaults.'
            : `Nothing matches “${deferred}”.`}
        </EmptyState>
      ) : (
        <NetworksTable
          networks={rows}
          flags={data.flags}
          showHost={false}
          hostRef={hostRef}
          label={`Networks on ${hostRef}`}
        />
      )}
    </section>
  );
}

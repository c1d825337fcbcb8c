'use client';

import Link from 'next/link';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { shownOf } from '@/lib/format';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import { networksHref, useFleetNetworks } from '@/lib/queries/networks';
import type { TFleetNetworks } from '@/lib/types/ports';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { SearchBox } from '../ui/filter-bar';
import { LoadingBlock } from '../ui/skeleton';
import { NetworkFlags } from './network-flags';
import { filterNetworks, groupFlags, sortFlags, sortNetworks } from './networks-model';
import { NetworksTable } from './networks-table';

function HostStrip({ data }: { data: TFleetNetworks }) {
  return (
    <ul
      aria-label="Hosts"
      className="flex flex-wrap gap-x-5 gap-y-1 rounded-lg border border-line bg-surface px-3 py-2 text-xs"
    >
      {data.hosts.map((h) => {
        const count = data.networks.filter((n) => n.host.id === h.host.id).length;
        return (
          <li
            key={h.host.id}
            className={`min-w-0 break-words ${h.ok ? '' : 'text-red-800 dark:text-red-300'}`}
          >
            <Link href={networksHref(h.host.name)} className="font-medium underline-offset-2 hover:underline">
              {h.host.name}
            </Link>
            {h.ok ? (
              <span className="text-muted"> · {count} networks</span>
            ) : (
              <span role="alert">
                {' '}
                · not read, so its networks are missing here:{' '}
                {h.error.message.replace(`${h.host.name}: `, '')}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Every host's networks in one table, with the flags of each host and the subnets that clash across hosts. */
export function FleetNetworks() {
  const { data, error, isPending, isFetching, refetch } = useFleetNetworks();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const inputRef = useRef<HTMLInputElement>(null);
  useSlashFocus(inputRef);
  const rows = useMemo(() => sortNetworks(filterNetworks(data?.networks ?? [], deferred)), [data, deferred]);
  const flags = useMemo(() => sortFlags(data?.flags ?? []), [data]);

  if (isPending) return <LoadingBlock label="Asking every host for its networks…" rows={8} />;
  if (!data) {
    return (
      <ErrorPanel
        title="The fleet's networks could not be read"
        error={error}
        onRetry={() => void refetch()}
      />
    );
  }
  if (data.hosts.length === 0) {
    return (
      <EmptyState title="No hosts yet">
        Register a Docker engine under Hosts and its networks show here.
      </EmptyState>
    );
  }
  const across = flags.filter((f) => f.hosts.length > 1).length;
  return (
    <div className="flex flex-col gap-3" data-testid="fleet-networks">
      <HostStrip data={data} />
      <section aria-label="Flags" className="flex flex-col gap-2">
        <h2 className="text-sm font-semibold">
          Flags{' '}
          <span className="font-normal text-muted">
            {groupFlags(flags).length} ·{' '}
            {across === 0 ? 'no subnet clash across hosts' : `${across} across hosts`}
          </span>
        </h2>
        <NetworkFlags flags={flags} />
      </section>
      <div className="flex flex-wrap items-center gap-3">
        <SearchBox
          id="fleet-networks-filter"
          inputRef={inputRef}
          label="Filter networks"
          placeholder="Filter by host, name, driver, subnet, container or address…"
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
          title="No network matches"
          action={query ? <Button onClick={() => setQuery('')}>Clear the search</Button> : null}
        >
          {query ? `Nothing matches “${deferred}”.` : 'No host that answered has a network.'}
        </EmptyState>
      ) : (
        <NetworksTable networks={rows} flags={data.flags} showHost label="Networks across the fleet" />
      )}
    </div>
  );
}

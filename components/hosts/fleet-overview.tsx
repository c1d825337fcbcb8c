'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { formatAgo } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { useHosts } from '@/lib/queries/hosts';
import { FleetDriftSummary } from '../images/host-drift';
import { FleetLogSettingsNote } from '../logs/log-settings-notes';
import { FleetPortConflicts } from '../ports/fleet-port-conflicts';
import { FleetReleaseAlerts } from '../releases/fleet-release-alerts';
import { buttonClass } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeader } from '../ui/page-header';
import { Skeleton } from '../ui/skeleton';
import { certAlerts } from './cert-warning';
import { FleetTotals } from './fleet-totals';
import { HostCard } from './host-card';

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

export function FleetOverview() {
  const { data: hosts, error, isPending, refetch, dataUpdatedAt, isFetching } = useHosts();
  const canManage = useCan('hosts.manage');
  const now = useNow(5000);

  if (isPending) {
    return (
      <div role="status" aria-label="Loading the fleet" className="flex flex-col gap-4">
        <PageHeader title="Overview" subtitle="Asking every host…" />
        <Skeleton className="h-16" />
        <div className="grid gap-3 md:grid-cols-2 2xl:grid-cols-3">
          <Skeleton className="h-36" />
          <Skeleton className="h-36" />
          <Skeleton className="h-36" />
        </div>
      </div>
    );
  }
  if (error && !hosts) {
    return (
      <>
        <PageHeader title="Overview" />
        <ErrorPanel title="The fleet could not be read" error={error} onRetry={() => void refetch()} />
      </>
    );
  }
  if (hosts.length === 0) {
    return (
      <>
        <PageHeader title="Overview" />
        <EmptyState
          title="No hosts yet"
          action={
            canManage ? (
              <Link href="/hosts?add=1" className={buttonClass('primary')}>
                Add a host
              </Link>
            ) : null
          }
        >
          {canManage
            ? 'Register a Docker engine (mutual-TLS TCP or a unix socket) and it shows up here with its health and containers.'
            : 'No Docker engine is registered. Ask an admin to add one under Hosts.'}
        </EmptyState>
      </>
    );
  }

  const down = hosts.filter((h) => h.status !== 'up');
  const expiring = hosts.filter((h) => certAlerts(h).length > 0);
  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Overview"
        subtitle={
          <span aria-live="polite">
            {hosts.length} {hosts.length === 1 ? 'host' : 'hosts'} · checked{' '}
            {formatAgo(new Date(dataUpdatedAt).toISOString(), Math.max(now, dataUpdatedAt))}
            {isFetching ? ' · refreshing…' : ''}
          </span>
        }
      />
      <FleetTotals hosts={hosts} />
      <FleetDriftSummary />
      <FleetPortConflicts />
      <FleetReleaseAlerts />
      <FleetLogSettingsNote />
      {down.length > 0 || expiring.length > 0 ? (
        <ul aria-label="Attention" className="flex flex-col gap-1 text-sm">
          {down.map((h) => (
            <li key={h.id} className="text-red-800 dark:text-red-300">
              <Link href={`/hosts/${encodeURIComponent(h.name)}`} className="font-medium underline">
                {h.name}
              </Link>{' '}
              is {h.status === 'timeout' ? 'not answering (timeout)' : 'down'}:{' '}
              {h.error?.message ?? 'no answer'}
            </li>
          ))}
          {expiring.map((h) => (
            <li key={`cert-${h.id}`} className="text-amber-800 dark:text-amber-300">
              <span className="font-medium">{h.name}</span>: a TLS certificate expires within 30 days; replace
              it under Hosts.
            </li>
          ))}
        </ul>
      ) : null}
      <div className="grid gap-3 md:grid-cols-2 2xl:grid-cols-3">
        {hosts.map((host) => (
          <HostCard key={host.id} host={host} />
        ))}
      </div>
    </div>
  );
}

'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { useCan } from '@/lib/hooks/use-current-user';
import { useHosts } from '@/lib/queries/hosts';
import { portsHref } from '@/lib/queries/ports';
import { buttonClass } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { FleetPortConflicts } from './fleet-port-conflicts';
import { HostPicker } from './host-picker';
import { PortMapPanel } from './port-map-panel';

/** The Ports page: the fleet's conflicts, then the port map of the host chosen in `?host=`. */
export function PortsView() {
  const { data: hosts, error, isPending, refetch } = useHosts();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const canManage = useCan('hosts.manage');
  const asked = params.get('host') ?? '';
  const known = hosts?.find((h) => h.name === asked);
  const fallback = hosts?.find((h) => h.status === 'up') ?? hosts?.[0];

  useEffect(() => {
    // No host chosen, or one that is gone: show the first that answers, keeping the address honest.
    if (hosts && !known && fallback && !asked) router.replace(portsHref(fallback.name), { scroll: false });
  }, [hosts, known, fallback, asked, router]);

  const pick = (host: string) =>
    router.replace(`${pathname}?host=${encodeURIComponent(host)}`, { scroll: false });

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Ports"
        subtitle="Who holds which host port, what is free, the reservations and the conflicts"
        actions={<HostPicker id="ports-host" hosts={hosts} value={known ? asked : ''} onChange={pick} />}
      />
      <FleetPortConflicts show={0} />
      {isPending ? (
        <LoadingBlock label="Loading the hosts…" rows={6} />
      ) : !hosts ? (
        <ErrorPanel title="The hosts could not be read" error={error} onRetry={() => void refetch()} />
      ) : hosts.length === 0 ? (
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
          Register a Docker engine and its port map shows here.
        </EmptyState>
      ) : asked && !known ? (
        <EmptyState title={`No host ${asked}`}>
          Wharf has no host of that name. Pick one of the {hosts.length} hosts above.
        </EmptyState>
      ) : known ? (
        <PortMapPanel key={known.name} hostRef={known.name} initialQuery={params.get('q') ?? ''} />
      ) : null}
    </div>
  );
}

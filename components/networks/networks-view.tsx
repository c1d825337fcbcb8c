'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useHosts } from '@/lib/queries/hosts';
import { HostPicker } from '../ports/host-picker';
import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';
import { FleetNetworks } from './fleet-networks';
import { HostNetworksPanel } from './host-networks-panel';

/** The Networks page: every host's networks, or one host's with `?host=`. */
export function NetworksView() {
  const { data: hosts } = useHosts();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const asked = params.get('host') ?? '';
  const unknown = asked !== '' && hosts !== undefined && !hosts.some((h) => h.name === asked);
  const pick = (host: string) =>
    router.replace(host ? `${pathname}?host=${encodeURIComponent(host)}` : pathname, { scroll: false });

  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Networks"
        subtitle={
          asked
            ? `The networks of ${asked}: drivers, subnets, members and what deserves a look`
            : 'Every host’s networks: drivers, subnets, members, and subnets that clash across hosts'
        }
        actions={
          <HostPicker
            id="networks-host"
            hosts={hosts}
            value={unknown ? '' : asked}
            onChange={pick}
            allLabel="Every host"
          />
        }
      />
      {unknown ? (
        <EmptyState title={`No host ${asked}`}>
          Wharf has no host of that name. Pick one above, or every host.
        </EmptyState>
      ) : asked ? (
        <HostNetworksPanel key={asked} hostRef={asked} />
      ) : (
        <FleetNetworks />
      )}
    </div>
  );
}

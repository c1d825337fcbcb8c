'use client';

import Link from 'next/link';
import { memo, useState } from 'react';
import type { TNetwork, TNetworkFlag } from '@/lib/types/ports';
import { Badge } from '../ui/badge';
import { TableFrame, TableHead, tableClass, tdClass } from '../ui/table';
import { FlagBadge } from './network-flags';
import { DEFAULT_NETWORKS, driverHelp, flagsOf } from './networks-model';

/** Members listed before "show all"; a default bridge can hold hundreds. */
const MEMBERS_SHOWN = 6;

type Row = TNetwork & { host?: { id: string; name: string } };

function Members({ network, hostRef }: { network: Row; hostRef: string }) {
  const [all, setAll] = useState(false);
  if (network.members.length === 0) return <span className="text-muted">none</span>;
  const shown = all ? network.members : network.members.slice(0, MEMBERS_SHOWN);
  return (
    <ul className="flex flex-col gap-0.5">
      {shown.map((m) => (
        <li key={`${m.id}:${m.ipv4 ?? ''}`} className="flex flex-wrap items-baseline gap-x-2">
          <Link
            href={`/hosts/${encodeURIComponent(hostRef)}/containers/${encodeURIComponent(m.name)}`}
            className="break-all text-accent hover:underline"
          >
            {m.name}
          </Link>
          {m.ipv4 ? <code className="font-mono text-xs">{m.ipv4}</code> : null}
          {m.ipv6 ? <code className="font-mono text-xs break-all text-muted">{m.ipv6}</code> : null}
        </li>
      ))}
      {network.members.length > MEMBERS_SHOWN ? (
        <li>
          <button
            type="button"
            onClick={() => setAll((v) => !v)}
            className="text-xs text-accent hover:underline"
          >
            {all ? 'Show fewer' : `Show all ${network.members.length}`}
          </button>
        </li>
      ) : null}
    </ul>
  );
}

const NetworkRow = memo(function NetworkRow({
  network,
  flags,
  showHost,
  hostRef,
}: {
  network: Row;
  flags: TNetworkFlag[];
  showHost: boolean;
  hostRef: string;
}) {
  return (
    <tr data-testid="network-row" data-network={network.name} className="align-top hover:bg-raised/60">
      {showHost ? <td className={`${tdClass} align-top`}>{network.host?.name}</td> : null}
      <td className={`${tdClass} max-w-64 align-top`}>
        <div className="flex flex-wrap items-center gap-1">
          <span className="font-medium break-all">{network.name}</span>
          {DEFAULT_NETWORKS.has(network.name) ? (
            <Badge title="Created by Docker on every engine">default</Badge>
          ) : null}
          {flags.map((f) => (
            <FlagBadge key={`${f.kind}:${f.message}`} kind={f.kind} />
          ))}
        </div>
      </td>
      <td className={`${tdClass} align-top`}>
        <span
          title={driverHelp(network.driver)}
          className="cursor-help underline decoration-dotted underline-offset-2"
        >
          {network.driver}
        </span>
      </td>
      <td className={`${tdClass} align-top`}>{network.scope}</td>
      <td className={`${tdClass} align-top`}>
        {network.subnets.length === 0 ? (
          <span className="text-muted">—</span>
        ) : (
          <ul className="flex flex-col gap-0.5">
            {network.subnets.map((s) => (
              <li key={s.subnet} className="font-mono text-xs break-all">
                {s.subnet}
                {s.gateway ? <span className="text-muted"> via {s.gateway}</span> : null}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className={`${tdClass} align-top`}>
        {network.internal ? (
          <Badge tone="info" title="No route to the outside: containers on it reach only each other">
            internal
          </Badge>
        ) : (
          <span className="text-muted">—</span>
        )}
        {network.ipv6 ? <Badge className="ml-1">IPv6</Badge> : null}
      </td>
      <td className={`${tdClass} min-w-56 align-top`}>
        <Members network={network} hostRef={network.host?.name ?? hostRef} />
      </td>
    </tr>
  );
});

/** Networks with their driver (explained on hover), subnets, flags and attached containers with addresses. */
export function NetworksTable({
  networks,
  flags,
  showHost,
  hostRef = '',
  label,
}: {
  networks: Row[];
  flags: (TNetworkFlag & { hosts?: string[] })[];
  showHost: boolean;
  hostRef?: string;
  label: string;
}) {
  const columns = ['Name', 'Driver', 'Scope', 'Subnets and gateways', 'Internal', 'Attached containers'];
  return (
    <TableFrame className="max-h-[calc(100vh-14rem)] overflow-y-auto">
      <table className={tableClass} aria-label={label}>
        <TableHead columns={showHost ? ['Host', ...columns] : columns} />
        <tbody>
          {networks.map((n) => (
            <NetworkRow
              key={`${n.host?.id ?? ''}:${n.id}`}
              network={n}
              flags={flagsOf(n, flags, n.host?.name)}
              showHost={showHost}
              hostRef={hostRef}
            />
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

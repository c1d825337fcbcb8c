'use client';

import { memo } from 'react';
import type { TPortClaim } from '@/lib/types/ports';
import { Badge } from '../ui/badge';
import {
  SortHeader,
  type SortState,
  TableFrame,
  tableClass,
  tdClass,
  thClass,
  theadClass,
} from '../ui/table';
import { AddressText, ChosenBadge, ClaimStateBadge, HolderText } from './claim-parts';
import type { ClaimSortKey } from './claims-model';
import { portKey } from './port-band-model';

const Row = memo(function Row({
  claim,
  hostRef,
  conflict,
  onShow,
}: {
  claim: TPortClaim;
  hostRef: string;
  conflict: boolean;
  onShow: (claim: TPortClaim) => void;
}) {
  return (
    <tr
      data-testid="claim-row"
      data-port={claim.port}
      data-state={claim.state}
      className={`${conflict ? 'bg-red-50 dark:bg-red-950/40' : ''} hover:bg-raised/60`}
    >
      <td className={tdClass}>
        <AddressText claim={claim} />
      </td>
      <td className={`${tdClass} text-right`}>
        <button
          type="button"
          onClick={() => onShow(claim)}
          title="Show it on the picture"
          className="font-mono text-xs font-semibold tabular-nums text-accent hover:underline"
        >
          {claim.port}
        </button>
      </td>
      <td className={`${tdClass} font-mono text-xs`}>{claim.proto}</td>
      <td className={`${tdClass} text-right font-mono text-xs tabular-nums`}>
        {claim.containerPort ?? <span className="text-muted">—</span>}
      </td>
      <td className={`${tdClass} max-w-80`}>
        <HolderText holder={claim.holder} hostRef={hostRef} />
      </td>
      <td className={`${tdClass} break-all`}>
        {claim.holder.service ?? <span className="text-muted">—</span>}
      </td>
      <td className={tdClass}>
        <span className="inline-flex gap-1">
          <ClaimStateBadge state={claim.state} />
          {conflict ? (
            <Badge tone="bad" title="This port is in a conflict: see the list of conflicts">
              conflict
            </Badge>
          ) : null}
        </span>
      </td>
      <td className={tdClass}>
        <ChosenBadge chosen={claim.chosen} />
      </td>
    </tr>
  );
});

type Props = {
  rows: TPortClaim[];
  hostRef: string;
  sort: SortState<ClaimSortKey>;
  onSort: (key: ClaimSortKey) => void;
  conflictKeys: ReadonlySet<string>;
  onShow: (claim: TPortClaim) => void;
};

/** Every claim on the host's ports, one row per holder, port and address. */
export function ClaimsTable({ rows, hostRef, sort, onSort, conflictKeys, onShow }: Props) {
  const header = (key: ClaimSortKey, text: string, className = '') => (
    <SortHeader label={text} sortKey={key} sort={sort} onSort={onSort} className={className} />
  );
  const plain = (text: string, className = '') => (
    <th scope="col" className={`${thClass} ${className}`}>
      {text}
    </th>
  );
  return (
    <TableFrame className="max-h-[32rem] overflow-y-auto">
      <table className={tableClass} aria-label="Port claims">
        <thead className={theadClass}>
          <tr>
            {plain('Host IP')}
            {header('port', 'Host port', 'text-right')}
            {plain('Proto')}
            {plain('Container port', 'text-right')}
            {header('holder', 'Holder')}
            {header('service', 'Service')}
            {header('state', 'State')}
            {plain('Chosen')}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <Row
              key={`${c.holder.kind}:${c.holder.id}:${c.hostIp}:${c.port}/${c.proto}:${c.containerPort}`}
              claim={c}
              hostRef={hostRef}
              conflict={conflictKeys.has(portKey(c.port, c.proto))}
              onShow={onShow}
            />
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

'use client';

import Link from 'next/link';
import { memo } from 'react';
import { formatAgo, formatDateTime, formatPort, imageLabel, statusDetail } from '@/lib/format';
import type { TContainer } from '@/lib/types/fleet';
import { HealthBadge, StateBadge } from '../ui/badge';
import {
  rowClass,
  SortHeader,
  type SortState,
  TableFrame,
  tableClass,
  tdClass,
  thClass,
  theadClass,
} from '../ui/table';
import type { ContainerSortKey } from './container-list-model';

const Row = memo(function Row({ c, hostRef, now }: { c: TContainer; hostRef: string; now: number }) {
  const ports = c.ports.map(formatPort);
  const portText = ports.join(', ');
  return (
    <tr className={rowClass}>
      <td className={`${tdClass} max-w-64`}>
        <Link
          href={`/hosts/${encodeURIComponent(hostRef)}/containers/${encodeURIComponent(c.name)}`}
          className="block truncate font-medium text-accent hover:underline"
          title={c.name}
        >
          {c.name}
        </Link>
      </td>
      <td className={`${tdClass} max-w-72`}>
        <span
          className="block truncate font-mono text-xs"
          title={
            c.image.startsWith('sha256:')
              ? `${c.image} (its tag now points to another image, or was removed)`
              : c.image
          }
        >
          {imageLabel(c.image)}
        </span>
      </td>
      <td className={tdClass}>
        <StateBadge state={c.state} />
      </td>
      <td className={tdClass}>
        <HealthBadge health={c.health} />
      </td>
      <td className={`${tdClass} max-w-48`}>
        <span className="block truncate text-xs" title={c.status}>
          {statusDetail(c.status)}
        </span>
      </td>
      <td className={`${tdClass} max-w-64`}>
        {c.networkMode === 'host' ? (
          <span
            className="text-xs text-amber-700 dark:text-amber-400"
            title="Uses the host network: its ports are not isolated"
          >
            host network
          </span>
        ) : (
          <span className="block truncate font-mono text-xs" title={portText}>
            {portText || <span className="text-muted">—</span>}
          </span>
        )}
      </td>
      <td className={`${tdClass} max-w-40`}>
        <span className="block truncate text-xs" title={c.service ?? undefined}>
          {c.service ?? <span className="text-muted">—</span>}
        </span>
      </td>
      <td className={`${tdClass} whitespace-nowrap text-xs`} title={formatDateTime(c.createdAt)}>
        {formatAgo(c.createdAt, now)}
      </td>
    </tr>
  );
});

type Props = {
  rows: TContainer[];
  hostRef: string;
  sort: SortState<ContainerSortKey>;
  onSort: (key: ContainerSortKey) => void;
  now: number;
};

/** A plain table: rows are light and memoized, which stays fast well past 300 containers. */
export function ContainersTable({ rows, hostRef, sort, onSort, now }: Props) {
  const header = (key: ContainerSortKey, label: string) => (
    <SortHeader label={label} sortKey={key} sort={sort} onSort={onSort} />
  );
  return (
    <TableFrame className="max-h-[calc(100vh-18rem)] overflow-y-auto">
      <table className={tableClass} aria-label="Containers">
        <thead className={theadClass}>
          <tr>
            {header('name', 'Name')}
            {header('image', 'Image')}
            {header('state', 'State')}
            {header('health', 'Health')}
            {header('status', 'Status')}
            <th scope="col" className={thClass}>
              Ports
            </th>
            {header('service', 'Service')}
            {header('created', 'Created')}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <Row key={c.id} c={c} hostRef={hostRef} now={now} />
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

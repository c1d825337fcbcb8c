'use client';

import Link from 'next/link';
import { memo } from 'react';
import type { THostSummary } from '@/lib/types/fleet';
import { LabelChips } from '../ui/label-chips';
import { EditRemoveCell, rowClass, TableFrame, TableHead, tableClass, tdClass } from '../ui/table';
import { CertExpiry } from './cert-warning';
import { engineLine, HostStatus } from './host-status';

const TRANSPORT: Record<THostSummary['transport'], string> = {
  tls: 'mutual TLS over TCP',
  tcp: 'plain TCP, allowed on this machine only',
  unix: 'local unix socket',
};

const HOST_COLUMNS = [
  'Name',
  'URL and transport',
  'Labels',
  'Status',
  'Engine',
  'Containers',
  { label: 'Cert expiry', title: 'Client certificate expiry' },
];

type RowProps = {
  host: THostSummary;
  canManage: boolean;
  onEdit: (host: THostSummary) => void;
  onRemove: (host: THostSummary) => void;
};

const HostRow = memo(function HostRow({ host, canManage, onEdit, onRemove }: RowProps) {
  const c = host.counts;
  return (
    <tr className={rowClass}>
      <td className={`${tdClass} max-w-36`}>
        <Link
          href={`/hosts/${encodeURIComponent(host.name)}`}
          className="block truncate font-medium hover:underline"
          title={host.name}
        >
          {host.name}
        </Link>
      </td>
      <td className={`${tdClass} max-w-52`}>
        <span className="block truncate font-mono text-xs" title={host.url}>
          {host.url}
        </span>
        <span className="text-xs text-muted" title={TRANSPORT[host.transport]}>
          {host.transport}
        </span>
      </td>
      <td className={`${tdClass} max-w-40`}>
        <LabelChips labels={host.labels} max={3} />
      </td>
      <td className={tdClass}>
        <HostStatus host={host} />
        {host.error ? (
          <p
            className="mt-0.5 max-w-40 truncate text-xs text-red-700 dark:text-red-400"
            title={host.error.message}
          >
            {host.error.message}
          </p>
        ) : null}
      </td>
      <td className={`${tdClass} whitespace-nowrap text-xs`} title={engineLine(host)}>
        {host.engine ? (
          <>
            {host.engine.version}
            <span className="block text-muted">API {host.engine.apiVersion}</span>
          </>
        ) : (
          <span className="text-muted">—</span>
        )}
      </td>
      <td className={`${tdClass} whitespace-nowrap text-xs tabular`}>
        {c ? (
          <>
            {c.running} running · {c.stopped} stopped
            {c.unhealthy || c.restarting ? (
              <span className="block">
                {c.unhealthy ? (
                  <span className="text-red-700 dark:text-red-400">{c.unhealthy} unhealthy </span>
                ) : null}
                {c.restarting ? (
                  <span className="text-amber-700 dark:text-amber-400">{c.restarting} restarting</span>
                ) : null}
              </span>
            ) : null}
          </>
        ) : (
          <span className="text-muted">—</span>
        )}
      </td>
      <td className={tdClass}>
        <CertExpiry host={host} />
      </td>
      {canManage ? (
        <EditRemoveCell
          name={host.name}
          removeLabel="Remove"
          onEdit={() => onEdit(host)}
          onRemove={() => onRemove(host)}
        />
      ) : null}
    </tr>
  );
});

export function HostsTable({
  hosts,
  canManage,
  onEdit,
  onRemove,
}: Omit<RowProps, 'host'> & { hosts: THostSummary[] }) {
  return (
    <TableFrame>
      <table className={tableClass} aria-label="Hosts">
        <TableHead columns={HOST_COLUMNS} actions={canManage} />
        <tbody>
          {hosts.map((host) => (
            <HostRow key={host.id} host={host} canManage={canManage} onEdit={onEdit} onRemove={onRemove} />
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

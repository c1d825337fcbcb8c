'use client';

import Link from 'next/link';
import { memo } from 'react';
import { formatDateTime } from '@/lib/format';
import type { TRegistry } from '@/lib/types/registries';
import { Badge } from '../ui/badge';
import { EditRemoveCell, rowClass, TableFrame, TableHead, tableClass, tdClass } from '../ui/table';

type RowProps = {
  registry: TRegistry;
  canManage: boolean;
  onEdit: (registry: TRegistry) => void;
  onRemove: (registry: TRegistry) => void;
};

const RegistryRow = memo(function RegistryRow({ registry: r, canManage, onEdit, onRemove }: RowProps) {
  return (
    <tr className={rowClass}>
      <td className={`${tdClass} max-w-48`}>
        <Link
          href={`/registries/${encodeURIComponent(r.name)}`}
          className="block truncate font-medium text-accent hover:underline"
          title={`Browse ${r.name}`}
        >
          {r.name}
        </Link>
      </td>
      <td className={`${tdClass} max-w-72`}>
        <span className="block truncate font-mono text-xs" title={r.url}>
          {r.url}
        </span>
        {r.url.startsWith('http://') ? (
          <span className="text-xs text-amber-700 dark:text-amber-400" title="Credentials travel unencrypted">
            plain HTTP
          </span>
        ) : null}
      </td>
      <td className={`${tdClass} max-w-40`}>
        <span className="block truncate text-xs" title={r.username ?? undefined}>
          {r.username ?? <span className="text-muted">anonymous</span>}
        </span>
      </td>
      <td className={tdClass}>
        {r.hasPassword ? (
          <Badge tone="ok" title="A password or token is stored, encrypted; it is never shown">
            stored
          </Badge>
        ) : (
          <span className="text-xs text-muted">none</span>
        )}
      </td>
      <td className={`${tdClass} max-w-56`}>
        {r.tokenHosts.length > 0 ? (
          <span className="block truncate font-mono text-xs" title={r.tokenHosts.join('\n')}>
            {r.tokenHosts.join(', ')}
          </span>
        ) : (
          <span className="text-xs text-muted" title="Only the registry's own host may issue tokens">
            own host only
          </span>
        )}
      </td>
      <td className={`${tdClass} text-xs whitespace-nowrap tabular`}>{r.timeoutMs} ms</td>
      <td className={`${tdClass} text-xs whitespace-nowrap`} title={`Updated ${formatDateTime(r.updatedAt)}`}>
        {formatDateTime(r.createdAt).slice(0, 10)}
      </td>
      {canManage ? (
        <EditRemoveCell
          name={r.name}
          removeLabel="Delete"
          onEdit={() => onEdit(r)}
          onRemove={() => onRemove(r)}
        />
      ) : null}
    </tr>
  );
});

export function RegistriesTable({
  registries,
  canManage,
  onEdit,
  onRemove,
}: Omit<RowProps, 'registry'> & { registries: TRegistry[] }) {
  return (
    <TableFrame>
      <table className={tableClass} aria-label="Registries">
        <TableHead
          columns={['Name', 'URL', 'User', 'Password', 'Token hosts', 'Timeout', 'Added']}
          actions={canManage}
        />
        <tbody>
          {registries.map((r) => (
            <RegistryRow key={r.id} registry={r} canManage={canManage} onEdit={onEdit} onRemove={onRemove} />
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

'use client';

import Link from 'next/link';
import { type KeyboardEvent, memo } from 'react';
import { formatBytes, formatDateTime } from '@/lib/format';
import { volumeHref } from '@/lib/queries/volumes';
import type { TVolume } from '@/lib/types/volumes';
import { Badge } from '../ui/badge';
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
import { lastBackupLabel, orphanAgeLabel, type VolumeSortKey } from './volume-list-model';
import { ProtectionMark, UsersCell } from './volume-parts';

function BackupCell({ volume, now }: { volume: TVolume; now: number }) {
  const last = volume.lastBackup;
  return (
    <span className="flex items-center gap-1.5 whitespace-nowrap">
      <span
        className={`text-xs ${last ? '' : 'text-muted'}`}
        title={
          last
            ? `${formatDateTime(last.at)}, ${formatBytes(last.size)}; ${volume.backupCount} kept`
            : 'Never backed up'
        }
      >
        {lastBackupLabel(volume, now)}
      </span>
      {volume.backupWarning ? (
        <Badge tone="warn" title={volume.backupWarning} className="max-w-36" testId="backup-warning">
          <span className="truncate">{volume.backupWarning}</span>
        </Badge>
      ) : null}
    </span>
  );
}

const Row = memo(function Row({
  volume: v,
  showHost,
  now,
}: {
  volume: TVolume;
  showHost: boolean;
  now: number;
}) {
  const age = orphanAgeLabel(v);
  return (
    <tr
      className={rowClass}
      data-testid="volume-row"
      data-volume={v.name}
      data-host={v.host.name}
      data-protected={v.protection.protected || undefined}
    >
      {showHost ? (
        <td className={`${tdClass} max-w-28`}>
          <span className="block truncate text-xs" title={v.host.name}>
            {v.host.name}
          </span>
        </td>
      ) : null}
      <td className={`${tdClass} max-w-64`}>
        <div className="flex min-w-0 items-center gap-1.5">
          <Link
            href={volumeHref(v.host.name, v.name)}
            data-row-link
            className="truncate font-mono text-xs font-medium text-accent hover:underline focus:underline"
            title={v.name}
          >
            {v.name}
          </Link>
          {v.anonymous ? (
            <Badge title="Made by the engine for a container's anonymous mount">anon</Badge>
          ) : null}
        </div>
      </td>
      <td className={`${tdClass} max-w-24`}>
        <span className="block truncate text-xs" title={`${v.driver} · ${v.scope}`}>
          {v.driver}
        </span>
      </td>
      <td className={`${tdClass} max-w-64`}>
        <UsersCell volume={v} />
      </td>
      <td className={`${tdClass} max-w-32`}>
        <span className="block truncate text-xs" title={v.services.join('\n') || undefined}>
          {v.services.join(', ') || <span className="text-muted">—</span>}
        </span>
      </td>
      <td className={tdClass}>
        <ProtectionMark protection={v.protection} />
      </td>
      <td className={tdClass}>
        <BackupCell volume={v} now={now} />
      </td>
      <td
        className={`${tdClass} text-right text-xs whitespace-nowrap tabular`}
        title={
          v.size ? `measured ${formatDateTime(v.size.at)}` : 'Not measured: run “Measure sizes” on the host'
        }
      >
        {v.size ? formatBytes(v.size.bytes) : <span className="text-muted">—</span>}
      </td>
      <td className={`${tdClass} text-xs whitespace-nowrap`}>
        {age ?? <span className="text-muted">—</span>}
      </td>
    </tr>
  );
});

/** Up and Down move between rows, Home and End to the first and last; Enter opens the volume. */
function onTableKey(event: KeyboardEvent<HTMLTableElement>) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a[data-row-link]')];
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (links.length === 0 || at < 0) return;
  const next = {
    ArrowDown: Math.min(links.length - 1, at + 1),
    ArrowUp: Math.max(0, at - 1),
    Home: 0,
    End: links.length - 1,
  }[event.key];
  event.preventDefault();
  if (next !== undefined) links[next]?.focus();
}

type Props = {
  rows: TVolume[];
  label: string;
  showHost: boolean;
  sort: SortState<VolumeSortKey>;
  onSort: (key: VolumeSortKey) => void;
  now: number;
};

/** A dense table of volumes; rows are light and memoized, which stays fast past several hundred. */
export function VolumesTable({ rows, label, showHost, sort, onSort, now }: Props) {
  const header = (key: VolumeSortKey, text: string, className = '') => (
    <SortHeader label={text} sortKey={key} sort={sort} onSort={onSort} className={className} />
  );
  const plain = (text: string) => (
    <th scope="col" className={thClass}>
      {text}
    </th>
  );
  return (
    <TableFrame className="max-h-[calc(100vh-16rem)] overflow-y-auto">
      <table className={tableClass} aria-label={label} onKeyDown={onTableKey}>
        <thead className={theadClass}>
          <tr>
            {showHost ? header('host', 'Host') : null}
            {header('name', 'Name')}
            {header('driver', 'Driver')}
            {header('users', 'Used by')}
            {plain('Services')}
            {plain('Protection')}
            {header('backup', 'Last backup')}
            {header('size', 'Size', 'text-right')}
            {header('age', 'Orphan age')}
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <Row key={`${v.host.id}/${v.name}`} volume={v} showHost={showHost} now={now} />
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

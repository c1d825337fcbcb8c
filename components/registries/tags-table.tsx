'use client';

import Link from 'next/link';
import { type MouseEvent, memo } from 'react';
import { formatBytes } from '@/lib/format';
import { Badge } from '../ui/badge';
import { Skeleton } from '../ui/skeleton';
import { rowClass, SortHeader, TableFrame, tableClass, tdClass, thClass, theadClass } from '../ui/table';
import { Digest, Revision, SourceText, TagKindBadge, TimeAgo } from './registry-parts';
import { platformName, type TagRow, type TagSort, type TagSortKey } from './tags-model';

function Platforms({ tag }: { tag: TagRow }) {
  if (tag.platforms) {
    const names = tag.platforms.map(platformName);
    return (
      <span className="flex min-w-0 items-center gap-1" title={names.join('\n')}>
        <Badge tone="info" title="A multi-platform index">
          {tag.platforms.length}×
        </Badge>
        <span className="truncate text-xs">{names.join(', ')}</span>
      </span>
    );
  }
  if (tag.os || tag.architecture)
    return <span className="text-xs">{[tag.os, tag.architecture].filter(Boolean).join('/')}</span>;
  return <span className="text-muted">—</span>;
}

function RunsOn({ tag }: { tag: TagRow }) {
  const { hosts, services } = tag.runsOn;
  if (hosts.length === 0 && services.length === 0)
    return <span className="text-xs text-muted">not running</span>;
  return (
    <span className="flex min-w-0 flex-wrap items-center gap-1" title={[...hosts, ...services].join('\n')}>
      {hosts.map((h) => (
        <Link
          key={`h-${h}`}
          href={`/hosts/${encodeURIComponent(h)}`}
          className="max-w-32 truncate rounded border border-line bg-raised px-1 text-[11px] leading-4 hover:border-accent"
        >
          {h}
        </Link>
      ))}
      {services.map((s) => (
        <span key={`s-${s}`} className="max-w-32 truncate text-[11px] leading-4 text-muted">
          {s}
        </span>
      ))}
    </span>
  );
}

type RowProps = { tag: TagRow; selected: boolean; now: number; onSelect: (name: string) => void };

const TagTableRow = memo(function TagTableRow({ tag, selected, now, onSelect }: RowProps) {
  const onRowClick = (event: MouseEvent<HTMLTableRowElement>) => {
    // Links and buttons inside the row do their own thing.
    if ((event.target as HTMLElement).closest('a,button')) return;
    onSelect(tag.name);
  };
  const failed = tag.error !== null && tag.digest === null;
  return (
    <tr
      className={`${rowClass} cursor-pointer ${selected ? 'bg-accent/10 hover:bg-accent/15' : ''}`}
      aria-selected={selected}
      onClick={onRowClick}
    >
      <td className={`${tdClass} max-w-72`}>
        <div className="flex min-w-0 items-center gap-1.5">
          <button
            type="button"
            onClick={() => onSelect(tag.name)}
            className="min-w-0 truncate text-left font-mono text-[13px] font-medium text-accent hover:underline"
            title={`${tag.name}: show its manifest`}
          >
            {tag.name}
          </button>
          <TagKindBadge kind={tag.kind} />
        </div>
        {tag.error && !failed ? (
          <p className="truncate text-xs text-amber-700 dark:text-amber-400" title={tag.error}>
            {tag.error}
          </p>
        ) : null}
      </td>
      {tag.pending ? (
        <td className={tdClass} colSpan={7}>
          <Skeleton className="h-3 w-full max-w-3xl" />
        </td>
      ) : failed ? (
        <td className={`${tdClass} max-w-0 text-xs text-red-700 dark:text-red-400`} colSpan={6}>
          <span className="block truncate" title={tag.error ?? undefined}>
            Could not read this tag: {tag.error}
          </span>
        </td>
      ) : (
        <>
          <td className={`${tdClass} whitespace-nowrap`}>
            <Digest digest={tag.digest} />
          </td>
          <td className={`${tdClass} text-right text-xs whitespace-nowrap tabular`}>
            {formatBytes(tag.size)}
          </td>
          <td className={`${tdClass} text-xs whitespace-nowrap`}>
            <TimeAgo iso={tag.createdAt} now={now} />
          </td>
          <td className={`${tdClass} max-w-48`}>
            <Platforms tag={tag} />
          </td>
          <td className={`${tdClass} max-w-28`}>
            <Revision revision={tag.revision} />
          </td>
          <td className={`${tdClass} max-w-56`}>
            <SourceText source={tag.source} />
          </td>
        </>
      )}
      {tag.pending ? null : (
        <td className={`${tdClass} max-w-56`}>
          <RunsOn tag={tag} />
        </td>
      )}
    </tr>
  );
});

export function TagsTable({
  rows,
  sort,
  onSort,
  selected,
  onSelect,
  now,
}: {
  rows: TagRow[];
  sort: TagSort;
  onSort: (key: TagSortKey) => void;
  selected: string | null;
  onSelect: (name: string) => void;
  now: number;
}) {
  return (
    <TableFrame>
      <table className={tableClass} aria-label="Tags">
        <thead className={theadClass}>
          <tr>
            <SortHeader label="Tag" sortKey="name" sort={sort} onSort={onSort} />
            <th scope="col" className={thClass}>
              Digest
            </th>
            <SortHeader label="Size" sortKey="size" sort={sort} onSort={onSort} className="text-right" />
            <SortHeader label="Created" sortKey="created" sort={sort} onSort={onSort} />
            <th scope="col" className={thClass}>
              Platform
            </th>
            <th scope="col" className={thClass} title="org.opencontainers.image.revision">
              Revision
            </th>
            <th scope="col" className={thClass} title="org.opencontainers.image.source">
              Source
            </th>
            <th scope="col" className={thClass}>
              Runs on
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((tag) => (
            <TagTableRow
              key={tag.name}
              tag={tag}
              selected={tag.name === selected}
              now={now}
              onSelect={onSelect}
            />
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

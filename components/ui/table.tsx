'use client';

import type { ReactNode } from 'react';
import { Button } from './button';

export const tableClass = 'w-full border-collapse text-[13px]';
export const theadClass = 'sticky top-0 z-10 bg-raised text-left text-xs text-muted';
export const thClass = 'border-b border-line px-2 py-1.5 font-medium whitespace-nowrap';
export const tdClass = 'border-b border-line px-2 py-1 align-middle';
export const rowClass = 'hover:bg-raised/60';

export type SortDir = 'asc' | 'desc';
export type SortState<K extends string> = { key: K; dir: SortDir };

/** The next sort after a click on a header: the same column flips, another starts ascending. */
export function nextSort<K extends string>(current: SortState<K>, key: K): SortState<K> {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}

/** A column header that sorts; a real button, so Tab and Enter work, with aria-sort on the cell. */
export function SortHeader<K extends string>({
  label,
  sortKey,
  sort,
  onSort,
  className = '',
}: {
  label: ReactNode;
  sortKey: K;
  sort: SortState<K>;
  onSort: (key: K) => void;
  className?: string;
}) {
  const active = sort.key === sortKey;
  return (
    <th
      scope="col"
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={`${thClass} ${className}`}
    >
      <button
        type="button"
        onClick={() => onSort(sortKey)}
        className={`inline-flex items-center gap-1 rounded hover:text-fg ${active ? 'text-fg' : ''}`}
      >
        {label}
        <span aria-hidden="true" className="w-2 text-[10px]">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

/** A horizontally scrolling frame for wide tables. */
export function TableFrame({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <div className={`overflow-x-auto rounded-lg border border-line bg-surface ${className}`}>{children}</div>
  );
}

type Column = string | { label: string; title: string };

/** A head of plain column names; `actions` adds a last column, named for screen readers only, for each row's buttons. */
export function TableHead({ columns, actions = false }: { columns: readonly Column[]; actions?: boolean }) {
  return (
    <thead className={theadClass}>
      <tr>
        {columns.map((c) => {
          const { label, title } = typeof c === 'string' ? { label: c, title: undefined } : c;
          return (
            <th key={label} scope="col" className={thClass} title={title}>
              {label}
            </th>
          );
        })}
        {actions ? (
          <th scope="col" className={thClass}>
            <span className="sr-only">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}

/** A row's Edit button and its removal button (`removeLabel`: Delete, Remove), each named after the row. */
export function EditRemoveCell({
  name,
  removeLabel,
  onEdit,
  onRemove,
}: {
  name: string;
  removeLabel: string;
  onEdit: () => void;
  onRemove: () => void;
}) {
  return (
    <td className={`${tdClass} whitespace-nowrap text-right`}>
      <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit ${name}`}>
        Edit
      </Button>
      <Button size="sm" variant="ghost" onClick={onRemove} aria-label={`${removeLabel} ${name}`}>
        {removeLabel}
      </Button>
    </td>
  );
}

'use client';

import Link from 'next/link';
import { type KeyboardEvent, memo, useState } from 'react';
import { formatBytes, formatDateTime, shortId } from '@/lib/format';
import { fleetImageHref, hostImageHref } from '@/lib/queries/images';
import type { TFleetImage } from '@/lib/types/images';
import { TableFrame, tableClass, tdClass, thClass, theadClass } from '../ui/table';
import { DriftBadges, RoleLabel, TagKindBadge } from './drift-badges';
import { displayRepository, outliers, type TRepositoryGroup, worstSeverity } from './fleet-images-model';

export type THostColumn = { name: string; error: string | null };

const ROW_TONE = {
  alarm: 'bg-red-50/70 dark:bg-red-950/30',
  warning: 'bg-amber-50/50 dark:bg-amber-950/20',
  notice: '',
} as const;

function HostCell({ item, host, odd }: { item: TFleetImage; host: THostColumn; odd: Set<string> }) {
  const h = item.hosts.find((x) => x.host.name === host.name);
  if (!h) {
    return (
      <td className={`${tdClass} text-center text-muted`}>
        {host.error ? (
          <span title={`${host.name} could not be read: ${host.error}`}>?</span>
        ) : (
          <span title={`${item.ref} is not on ${host.name}`}>—</span>
        )}
      </td>
    );
  }
  const differs = odd.has(h.imageId);
  const behind = item.registryDigest !== null && h.digest !== null && h.digest !== item.registryDigest;
  const title = [
    `${host.name}: image ${h.imageId}`,
    h.digest ? `digest ${h.digest}` : 'no registry digest (built or imported locally)',
    `${formatBytes(h.size)}, created ${formatDateTime(h.createdAt)}`,
    `${h.running} running of ${h.containers} containers`,
    differs ? 'This host has a different image for the tag than the others.' : '',
    behind ? 'This host’s digest is not the registry’s current digest.' : '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <td className={tdClass} data-testid={`cell-${host.name}`} data-differs={differs || undefined}>
      <Link
        href={hostImageHref(host.name, h.imageId)}
        title={title}
        tabIndex={-1}
        className={`inline-flex items-center gap-1 rounded px-1 font-mono text-xs hover:underline ${
          differs
            ? 'bg-amber-100 font-semibold text-amber-950 ring-1 ring-amber-400 dark:bg-amber-900/60 dark:text-amber-100'
            : ''
        }`}
      >
        {shortId(h.imageId)}
        {behind ? (
          <>
            <span aria-hidden="true">↯</span>
            <span className="sr-only">behind the registry</span>
          </>
        ) : null}
      </Link>
    </td>
  );
}

const Row = memo(function Row({ item, hosts }: { item: TFleetImage; hosts: THostColumn[] }) {
  const odd = outliers(item);
  const worst = worstSeverity(item);
  const running = item.hosts.reduce((n, h) => n + h.running, 0);
  return (
    <tr
      className={`hover:bg-raised/60 ${worst ? ROW_TONE[worst] : ''}`}
      data-testid="image-row"
      data-ref={item.ref}
    >
      <td className={`${tdClass} max-w-72 pl-6`}>
        <div className="flex min-w-0 items-center gap-2">
          <Link
            href={fleetImageHref(item.ref)}
            data-row-link
            className="truncate font-mono text-xs font-medium text-accent hover:underline focus:underline"
            title={item.ref}
          >
            {item.tag}
          </Link>
          <TagKindBadge kind={item.tagKind} />
        </div>
      </td>
      <td className={tdClass}>
        <RoleLabel role={item.role} />
      </td>
      <td className={`${tdClass} max-w-40`}>
        {item.registryDigest ? (
          <span
            className="font-mono text-xs"
            title={`${item.registry?.name ?? 'registry'}: ${item.registryDigest}`}
          >
            {shortId(item.registryDigest)}
          </span>
        ) : item.registryError ? (
          <span
            className="block truncate text-xs text-red-700 dark:text-red-400"
            title={`The registry could not be asked: ${item.registryError}`}
          >
            registry error
          </span>
        ) : (
          <span
            className="text-xs text-muted"
            title={item.registry ? 'Not in the registry' : 'No configured registry serves this repository'}
          >
            {item.registry ? 'not in registry' : '—'}
          </span>
        )}
      </td>
      {hosts.map((host) => (
        <HostCell key={host.name} item={item} host={host} odd={odd} />
      ))}
      <td className={`${tdClass} text-right tabular`}>{running || <span className="text-muted">0</span>}</td>
      <td className={`${tdClass} min-w-48`}>
        <DriftBadges drift={item.drift} />
      </td>
    </tr>
  );
});

/** Up and Down move between rows, Home and End to the first and last; Enter opens the tag. */
function onTableKey(event: KeyboardEvent<HTMLTableElement>) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>('a[data-row-link]')];
  if (links.length === 0) return;
  const at = links.indexOf(document.activeElement as HTMLAnchorElement);
  let next = at;
  if (event.key === 'ArrowDown') next = Math.min(links.length - 1, at + 1);
  if (event.key === 'ArrowUp') next = Math.max(0, at - 1);
  if (event.key === 'Home') next = 0;
  if (event.key === 'End') next = links.length - 1;
  event.preventDefault();
  links[next]?.focus();
}

export function FleetImagesTable({ groups, hosts }: { groups: TRepositoryGroup[]; hosts: THostColumn[] }) {
  const columns = 5 + hosts.length;
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = (repository: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (next.has(repository)) next.delete(repository);
      else next.add(repository);
      return next;
    });
  return (
    <TableFrame className="max-h-[calc(100vh-16rem)] overflow-y-auto">
      <table className={tableClass} aria-label="Images across the fleet" onKeyDown={onTableKey}>
        <thead className={theadClass}>
          <tr>
            <th scope="col" className={`${thClass} pl-6`}>
              Tag
            </th>
            <th scope="col" className={thClass}>
              Role
            </th>
            <th scope="col" className={thClass} title="The registry's current digest for the tag">
              Registry digest
            </th>
            {hosts.map((h) => (
              <th
                key={h.name}
                scope="col"
                className={`${thClass} max-w-32`}
                title={h.error ? `${h.name} could not be read: ${h.error}` : `Image id on ${h.name}`}
              >
                <span className={`block truncate ${h.error ? 'text-red-700 dark:text-red-400' : ''}`}>
                  {h.name}
                  {h.error ? ' (unread)' : ''}
                </span>
              </th>
            ))}
            <th scope="col" className={`${thClass} text-right`}>
              Running
            </th>
            <th scope="col" className={thClass}>
              Drift
            </th>
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.repository}>
            <tr className="bg-bg">
              <th
                scope="colgroup"
                colSpan={columns}
                className="border-b border-line px-2 py-1 text-left text-xs font-semibold"
              >
                <button
                  type="button"
                  aria-expanded={!collapsed.has(g.repository)}
                  onClick={() => toggle(g.repository)}
                  className="inline-flex max-w-full items-center gap-1 rounded hover:text-accent"
                  title={`${collapsed.has(g.repository) ? 'Show' : 'Hide'} the tags of ${g.repository}`}
                >
                  <span aria-hidden="true" className="w-3 text-[10px] text-muted">
                    {collapsed.has(g.repository) ? '▶' : '▼'}
                  </span>
                  <span className="truncate font-mono">{displayRepository(g.repository)}</span>
                </button>
                <span className="ml-2 font-normal text-muted">
                  {g.items.length} {g.items.length === 1 ? 'tag' : 'tags'}
                  {g.drift > 0 ? ` · ${g.drift} with drift` : ''}
                </span>
              </th>
            </tr>
            {collapsed.has(g.repository)
              ? null
              : g.items.map((item) => <Row key={item.ref} item={item} hosts={hosts} />)}
          </tbody>
        ))}
      </table>
    </TableFrame>
  );
}

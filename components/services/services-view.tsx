'use client';

import Link from 'next/link';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { formatAgo, formatDateTime } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import { releaseHref } from '@/lib/queries/releases';
import { serviceHref, useServices } from '@/lib/queries/services';
import type { TServiceSummary } from '@/lib/types/releases';
import { Digest, ReleaseStatusBadge, TagText } from '../releases/release-parts';
import { Badge } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { SearchBox } from '../ui/filter-bar';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { rowClass, TableFrame, TableHead, tableClass, tdClass } from '../ui/table';
import { ImportYamlButton } from './import-yaml-dialog';

function matches(s: TServiceSummary, q: string): boolean {
  if (!q) return true;
  const hay = [s.name, s.spec.image, ...s.spec.hosts, s.current?.tag ?? '', ...Object.values(s.spec.labels)]
    .join(' ')
    .toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

function Current({ s }: { s: TServiceSummary }) {
  const c = s.current;
  if (!c) return <span className="text-xs text-muted">never released</span>;
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap">
      <Link href={releaseHref(c.id)} className="text-accent tabular hover:underline">
        #{c.number}
      </Link>
      <TagText tag={c.tag} />
      <Digest digest={c.digest} />
      <ReleaseStatusBadge status={c.status} />
    </span>
  );
}

function Activity({ s }: { s: TServiceSummary }) {
  const a = s.active;
  return (
    <span className="flex flex-wrap items-center gap-1">
      {a && a.status !== 'pending_approval' ? (
        <Link href={releaseHref(a.id)} title={`Release #${a.number} is ${a.status}`}>
          <Badge tone="info">
            #{a.number} {a.status === 'running' ? 'releasing' : a.status}
          </Badge>
        </Link>
      ) : null}
      {s.pendingApprovals > 0 ? (
        <Link href="/approvals" title="Waiting for a lead's approval">
          <Badge tone="warn">{s.pendingApprovals} awaiting approval</Badge>
        </Link>
      ) : null}
      {s.frozen ? (
        <Badge tone="bad" title={`Frozen until ${formatDateTime(s.frozen.endsAt)}: ${s.frozen.reason}`}>
          frozen
        </Badge>
      ) : null}
    </span>
  );
}

function ServicesTable({ services }: { services: TServiceSummary[] }) {
  return (
    <TableFrame>
      <table className={tableClass} aria-label="Services">
        <TableHead columns={['Service', 'Image', 'Hosts', 'Current release', 'Now', 'Approval', 'Changed']} />
        <tbody
          id="services-rows"
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
            const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>('a[data-row-link]')];
            const at = links.indexOf(document.activeElement as HTMLAnchorElement);
            const next = links[at + (e.key === 'ArrowDown' ? 1 : -1)];
            if (at >= 0 && next) {
              e.preventDefault();
              next.focus();
            }
          }}
        >
          {services.map((s) => (
            <tr key={s.id} className={rowClass} data-testid="service-row" data-service={s.name}>
              <td className={`${tdClass} max-w-64`}>
                <Link
                  href={serviceHref(s.name)}
                  data-row-link
                  className="block truncate font-medium text-accent hover:underline"
                  title={s.name}
                >
                  {s.name}
                </Link>
              </td>
              <td className={`${tdClass} max-w-72`}>
                <span className="block truncate font-mono text-xs" title={s.spec.image}>
                  {s.spec.image}
                </span>
              </td>
              <td className={`${tdClass} max-w-56`}>
                <span className="block truncate text-xs" title={s.spec.hosts.join(', ')}>
                  {s.spec.hosts.join(', ')}
                </span>
              </td>
              <td className={tdClass}>
                <Current s={s} />
              </td>
              <td className={tdClass}>
                <Activity s={s} />
              </td>
              <td className={`${tdClass} text-xs`}>
                {s.spec.requiresApproval ? 'lead approves' : <span className="text-muted">none</span>}
              </td>
              <td
                className={`${tdClass} text-xs whitespace-nowrap text-muted`}
                title={formatDateTime(s.updatedAt)}
              >
                {formatAgo(s.updatedAt)} by {s.updatedBy}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

/** Every service with where it stands: what runs, what is under way, what waits for a lead. */
export function ServicesView() {
  const { data, error, isPending, refetch } = useServices();
  const canManage = useCan('services.manage');
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const inputRef = useRef<HTMLInputElement>(null);
  useSlashFocus(inputRef);
  const shown = useMemo(() => (data ?? []).filter((s) => matches(s, deferred)), [data, deferred]);
  const underWay = data?.filter((s) => s.active && s.active.status !== 'pending_approval').length ?? 0;
  const waiting = data?.reduce((n, s) => n + s.pendingApprovals, 0) ?? 0;

  const actions = canManage ? (
    <div className="flex items-center gap-2">
      <ImportYamlButton />
      <Link href="/services/new" className={buttonClass('primary')}>
        New service
      </Link>
    </div>
  ) : null;

  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Services"
        subtitle={
          data ? (
            <span aria-live="polite">
              {data.length} {data.length === 1 ? 'service' : 'services'} · {underWay} releasing ·{' '}
              <Link href="/approvals" className="hover:underline">
                {waiting} awaiting approval
              </Link>{' '}
              ·{' '}
              <Link href="/releases" className="hover:underline">
                all releases
              </Link>
            </span>
          ) : (
            'Named container specs, released as one exact image digest'
          )
        }
        actions={actions}
      />
      {isPending ? (
        <LoadingBlock label="Loading services…" rows={10} />
      ) : !data ? (
        <ErrorPanel title="The services could not be read" error={error} onRetry={() => void refetch()} />
      ) : data.length === 0 ? (
        <EmptyState title="No services yet" action={actions}>
          <p>
            A service is a named container spec (image repository, env and secrets, ports, volumes, health
            check) deployed to one or more hosts. Each release runs one exact image digest, approved by a lead
            where the service asks for it, and can be rolled back in one click.
          </p>
          <p className="mt-2">
            {canManage
              ? 'Create one with New service or Import YAML, or open a running container and choose “Adopt as service”.'
              : 'An operator creates them; you will see their releases here.'}
          </p>
        </EmptyState>
      ) : (
        <>
          <SearchBox
            id="services-filter"
            inputRef={inputRef}
            label="Filter services"
            placeholder="Filter by name, image, host, tag…"
            value={query}
            onChange={setQuery}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowDown' && e.key !== 'Enter') return;
              const first = document.querySelector<HTMLAnchorElement>('#services-rows a[data-row-link]');
              if (first) {
                e.preventDefault();
                first.focus();
              }
            }}
          />
          {shown.length === 0 ? (
            <p className="text-sm text-muted">No service matches “{deferred}”. Press Escape to clear.</p>
          ) : (
            <ServicesTable services={shown} />
          )}
        </>
      )}
    </div>
  );
}

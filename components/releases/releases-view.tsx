'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { formatAgo, formatDateTime } from '@/lib/format';
import { releaseHref, useReleaseList } from '@/lib/queries/releases';
import { serviceHref } from '@/lib/queries/services';
import type { TRelease, TReleaseStatus } from '@/lib/types/releases';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { rowClass, TableFrame, TableHead, tableClass, tdClass } from '../ui/table';
import {
  Digest,
  durationText,
  KindBadge,
  ReleaseStatusBadge,
  Revision,
  STATUS_LABEL,
  TagText,
} from './release-parts';

/** The filters a person reaches for, each a set of statuses. */
const FILTERS: { id: string; label: string; statuses: readonly TReleaseStatus[] | null }[] = [
  { id: 'all', label: 'All', statuses: null },
  { id: 'active', label: 'Under way', statuses: ['queued', 'running'] },
  { id: 'pending', label: 'Awaiting approval', statuses: ['pending_approval'] },
  { id: 'succeeded', label: 'Succeeded', statuses: ['succeeded'] },
  { id: 'problems', label: 'Failed or rolled back', statuses: ['failed', 'rolled_back', 'interrupted'] },
  { id: 'stopped', label: 'Rejected or cancelled', statuses: ['rejected', 'cancelled'] },
];

function ReleaseRow({ r }: { r: TRelease }) {
  return (
    <tr className={rowClass} data-testid="release-row" data-release={r.id} data-status={r.status}>
      <td className={`${tdClass} max-w-56`}>
        <Link href={serviceHref(r.service)} className="block truncate hover:underline" title={r.service}>
          {r.service}
        </Link>
      </td>
      <td className={tdClass}>
        <Link
          href={releaseHref(r.id)}
          data-row-link
          className="font-medium text-accent tabular hover:underline"
        >
          #{r.number}
        </Link>
      </td>
      <td className={tdClass}>
        <ReleaseStatusBadge status={r.status} />
      </td>
      <td className={tdClass}>
        <KindBadge kind={r.kind} />
      </td>
      <td className={tdClass}>
        <TagText tag={r.tag} />
      </td>
      <td className={tdClass}>
        <Digest digest={r.digest} />
      </td>
      <td className={tdClass}>
        <Revision revision={r.gitRevision} />
      </td>
      <td className={`${tdClass} max-w-32 truncate text-xs`} title={r.requestedBy}>
        {r.requestedBy}
      </td>
      <td className={`${tdClass} max-w-32 truncate text-xs`} title={r.approvedBy ?? undefined}>
        {r.approvedBy ?? <span className="text-muted">—</span>}
      </td>
      <td className={`${tdClass} text-xs whitespace-nowrap`} title={formatDateTime(r.requestedAt)}>
        {formatAgo(r.requestedAt)}
      </td>
      <td className={`${tdClass} text-xs whitespace-nowrap tabular`}>{durationText(r.durationMs)}</td>
      <td className={`${tdClass} max-w-72`}>
        <span className="block truncate text-xs" title={r.note || r.message}>
          {r.note || <span className="text-muted">{r.message || '—'}</span>}
        </span>
      </td>
    </tr>
  );
}

/** Every service's releases, newest first, filtered by status in the URL so a view can be shared. */
export function ReleasesView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filterId = FILTERS.find((f) => f.id === params.get('show'))?.id ?? 'all';
  const filter = FILTERS.find((f) => f.id === filterId) ?? FILTERS[0];
  const service = params.get('service') ?? '';
  const { data, error, isPending, refetch, isFetching } = useReleaseList({
    status: filter?.statuses?.join(',') ?? '',
    service,
    limit: '200',
  });
  const select = (id: string) => {
    const next = new URLSearchParams(params.toString());
    if (id === 'all') next.delete('show');
    else next.set('show', id);
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Releases"
        subtitle={
          <span aria-live="polite">
            Across the fleet, newest first{service ? ` · service ${service}` : ''}
            {data ? ` · ${data.length}${data.length === 200 ? '+' : ''} shown` : ''}
            {isFetching && data ? ' · refreshing…' : ''}
          </span>
        }
      />
      <div className="flex flex-wrap items-center gap-2">
        <fieldset className="flex flex-wrap items-center gap-1">
          <legend className="sr-only">Show releases</legend>
          {FILTERS.map((f) => (
            <Button
              key={f.id}
              size="sm"
              variant={f.id === filterId ? 'primary' : 'secondary'}
              aria-pressed={f.id === filterId}
              onClick={() => select(f.id)}
              title={f.statuses ? f.statuses.map((s) => STATUS_LABEL[s]).join(', ') : 'every status'}
            >
              {f.label}
            </Button>
          ))}
        </fieldset>
        {service ? (
          <Link href="/releases" className="text-xs text-accent hover:underline">
            all services
          </Link>
        ) : null}
      </div>
      {isPending ? (
        <LoadingBlock label="Loading releases…" rows={12} />
      ) : !data ? (
        <ErrorPanel title="The releases could not be read" error={error} onRetry={() => void refetch()} />
      ) : data.length === 0 ? (
        <EmptyState title={filterId === 'all' ? 'No releases yet' : 'No release matches this filter'}>
          {filterId === 'all'
            ? 'A release is requested from a service’s page (or by CI through the API) and shows here with its steps and outcome.'
            : 'Choose All to see every release.'}
        </EmptyState>
      ) : (
        <TableFrame>
          <table className={tableClass} aria-label="Releases">
            <TableHead
              columns={[
                'Service',
                'Release',
                'Status',
                'Kind',
                'Tag',
                'Digest',
                'Git revision',
                'Requested by',
                'Approved by',
                'Requested',
                'Took',
                'Note',
              ]}
            />
            <tbody>
              {data.map((r) => (
                <ReleaseRow key={r.id} r={r} />
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </div>
  );
}

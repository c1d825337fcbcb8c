'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { auditFiltersFrom, type TAuditFilters, useAudit } from '@/lib/queries/audit';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';

/** The audit log; its filters live in the URL so a search can be shared and reloaded. */
export function AuditView() {
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const filters = useMemo(
    () => auditFiltersFrom(new URLSearchParams(searchParams.toString())),
    [searchParams],
  );
  const { data, error, isPending, refetch, fetchNextPage, hasNextPage, isFetchingNextPage } =
    useAudit(filters);
  const items = useMemo(() => data?.pages.flatMap((p) => p.items) ?? [], [data]);
  const filtered = Object.keys(filters).length > 0;

  const apply = (next: TAuditFilters) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) if (v) params.set(k, v);
    const qs = params.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname);
  };

  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Audit"
        subtitle="Every change and every refusal, newest first. The log is append-only."
        actions={
          <Button size="sm" onClick={() => void refetch()}>
            Refresh
          </Button>
        }
      />
      <AuditFilters key={searchParams.toString()} filters={filters} onApply={apply} />
      {isPending ? (
        <LoadingBlock label="Loading the audit log…" rows={10} />
      ) : !data ? (
        <ErrorPanel title="The audit log could not be read" error={error} onRetry={() => void refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={filtered ? 'No entry matches these filters' : 'The audit log is empty'}
          action={filtered ? <Button onClick={() => apply({})}>Clear the filters</Button> : null}
        >
          {filtered
            ? 'Widen the time range or clear a filter. Actor is an exact user name; action and target match any part.'
            : 'Sign-ins, changes and refusals appear here as they happen.'}
        </EmptyState>
      ) : (
        <>
          <AuditTable items={items} />
          <div className="flex items-center gap-3">
            <p className="text-xs text-muted" aria-live="polite">
              {items.length} {items.length === 1 ? 'entry' : 'entries'} shown
              {hasNextPage ? '; there are more' : ''}
            </p>
            {hasNextPage ? (
              <Button size="sm" pending={isFetchingNextPage} onClick={() => void fetchNextPage()}>
                Load more
              </Button>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}

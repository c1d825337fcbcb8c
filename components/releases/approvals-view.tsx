'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatAgo, formatDateTime } from '@/lib/format';
import { useCan, useCurrentUser } from '@/lib/hooks/use-current-user';
import { releaseHref, usePendingApprovals } from '@/lib/queries/releases';
import { serviceHref } from '@/lib/queries/services';
import type { TRelease } from '@/lib/types/releases';
import { Badge } from '../ui/badge';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { ConfigDiff } from './config-diff';
import { ReleaseActions } from './release-actions';
import { Digest, isOwnRequest, Revision, TagText } from './release-parts';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="min-w-0 truncate text-sm">{children}</dd>
    </div>
  );
}

function Request({ r, own }: { r: TRelease; own: boolean }) {
  return (
    <article
      aria-label={`Release #${r.number} of ${r.service}`}
      data-testid="approval"
      data-service={r.service}
      data-release={r.id}
      className="rounded-lg border border-line bg-surface"
    >
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-4 py-2">
        <h2 className="flex min-w-0 items-center gap-2 text-sm font-semibold">
          <Link href={serviceHref(r.service)} className="truncate hover:underline" title={r.service}>
            {r.service}
          </Link>
          <Link href={releaseHref(r.id)} className="text-accent tabular hover:underline">
            #{r.number}
          </Link>
          {r.kind === 'rollback' ? <Badge tone="warn">rollback</Badge> : null}
          {r.hotfix ? <Badge tone="warn">hotfix</Badge> : null}
          {own ? <Badge tone="info">your request</Badge> : null}
        </h2>
        <ReleaseActions release={r} compact />
      </header>
      <div className="flex flex-col gap-3 px-4 py-3">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 md:grid-cols-3 xl:grid-cols-6">
          <Fact label="Tag">
            <TagText tag={r.tag} />
          </Fact>
          <Fact label="Digest">
            <Digest digest={r.digest} />
          </Fact>
          <Fact label="Git revision">
            <Revision revision={r.gitRevision} />
          </Fact>
          <Fact label="Requested by">
            <span title={formatDateTime(r.requestedAt)}>
              {r.requestedBy} · {formatAgo(r.requestedAt)}
            </span>
          </Fact>
          {r.approvalExpiresAt ? (
            <Fact label="Expires">
              <span title={formatDateTime(r.approvalExpiresAt)}>{formatAgo(r.approvalExpiresAt)}</span>
            </Fact>
          ) : null}
          <Fact label="Image">
            <span className="font-mono text-xs" title={r.image}>
              {r.image.split('@')[0]}
            </span>
          </Fact>
        </dl>
        {r.note ? (
          <p className="rounded border-l-2 border-line bg-raised/60 px-3 py-1.5 text-sm whitespace-pre-wrap break-words">
            {r.note}
          </p>
        ) : (
          <p className="text-xs text-muted">No note from the requester.</p>
        )}
        <details open>
          <summary className="cursor-pointer text-sm font-medium">Config diff</summary>
          <div className="mt-2">
            <ConfigDiff releaseId={r.id} />
          </div>
        </details>
      </div>
    </article>
  );
}

/**
 * Releases waiting for a lead, each with what it would deploy, who asked and why, and its config diff,
 * so a lead can decide without leaving the page. Nobody approves their own request.
 */
export function ApprovalsView() {
  const user = useCurrentUser();
  const canApprove = useCan('releases.approve');
  const { data, error, isPending, refetch } = usePendingApprovals();
  const mine = data?.filter((r) => isOwnRequest(r, user)).length ?? 0;
  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Approvals"
        subtitle={
          data ? (
            <span aria-live="polite">
              {data.length} awaiting approval{mine ? ` · ${mine} requested by you, for another lead` : ''}
              {canApprove ? '' : ' · leads approve; you can follow them here'}
            </span>
          ) : (
            'Releases waiting for a lead'
          )
        }
      />
      {isPending ? (
        <LoadingBlock label="Loading the approvals queue…" rows={6} />
      ) : !data ? (
        <ErrorPanel
          title="The approvals queue could not be read"
          error={error}
          onRetry={() => void refetch()}
        />
      ) : data.length === 0 ? (
        <EmptyState title="Nothing waits for approval">
          A release of a service that requires approval waits here until a lead other than the requester
          approves or rejects it. Approved releases run at once.
        </EmptyState>
      ) : (
        <div className="flex flex-col gap-3">
          {data.map((r) => (
            <Request key={r.id} r={r} own={isOwnRequest(r, user)} />
          ))}
        </div>
      )}
    </div>
  );
}

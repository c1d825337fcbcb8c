'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatBytes } from '@/lib/format';
import { isApiError } from '@/lib/queries/api';
import { useHost } from '@/lib/queries/hosts';
import { EngineRegistries, HostDriftBadge } from '../images/host-drift';
import { buttonClass } from '../ui/button';
import { ErrorPanel } from '../ui/error-panel';
import { LabelChips } from '../ui/label-chips';
import { Skeleton } from '../ui/skeleton';
import { CertWarnings } from './cert-warning';
import { HostStatus } from './host-status';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] text-muted">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

/** The host's summary above its containers; a host that does not answer says why. */
export function HostHeader({ hostRef }: { hostRef: string }) {
  const { data: host, error, isPending, refetch } = useHost(hostRef);

  if (isPending) return <Skeleton className="h-28" />;
  if (!host) {
    if (isApiError(error) && error.status === 404) {
      return (
        <ErrorPanel title={`No host named ${hostRef}`} error={error}>
          <Link href="/hosts" className={buttonClass('secondary', 'sm', 'mt-2')}>
            See all hosts
          </Link>
        </ErrorPanel>
      );
    }
    return <ErrorPanel title="The host could not be read" error={error} onRetry={() => void refetch()} />;
  }
  const e = host.engine;
  return (
    <section
      aria-label="Host summary"
      className="flex flex-col gap-3 rounded-lg border border-line bg-surface p-4"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs text-muted">
            <Link href="/hosts" className="hover:underline">
              Hosts
            </Link>{' '}
            /
          </p>
          <h1 className="truncate text-xl font-semibold" title={host.name}>
            {host.name}
          </h1>
          <p className="truncate font-mono text-xs text-muted" title={host.url}>
            {host.url} · {host.transport}
          </p>
        </div>
        <div className="flex flex-col items-end gap-1">
          <HostStatus host={host} />
          <HostDriftBadge host={host.name} />
        </div>
      </div>
      {host.status !== 'up' ? (
        <p
          role="alert"
          className="rounded bg-red-50 px-3 py-2 text-sm break-words text-red-900 dark:bg-red-950/60 dark:text-red-200"
        >
          {host.status === 'timeout' ? 'The host did not answer within its deadline' : 'The host is down'}:{' '}
          {host.error?.message ?? 'no answer'}
        </p>
      ) : null}
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4 2xl:grid-cols-8">
        <Fact label="Engine">{e ? `Docker ${e.version}` : '—'}</Fact>
        <Fact label="API">{e?.apiVersion ?? '—'}</Fact>
        <Fact label="OS / arch">{e ? `${e.os} · ${e.arch}` : '—'}</Fact>
        <Fact label="Kernel">{e?.kernel ?? '—'}</Fact>
        <Fact label="CPUs">{e?.cpus ?? '—'}</Fact>
        <Fact label="Memory">{e ? formatBytes(e.memoryBytes) : '—'}</Fact>
        <Fact label="Images">{host.counts?.images ?? '—'}</Fact>
        <Fact label="Volumes">{host.counts?.volumes ?? '—'}</Fact>
      </dl>
      <EngineRegistries engine={e} />
      <CertWarnings host={host} />
      {Object.keys(host.labels).length > 0 ? <LabelChips labels={host.labels} max={12} /> : null}
    </section>
  );
}

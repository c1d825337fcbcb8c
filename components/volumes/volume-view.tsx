'use client';

import Link from 'next/link';
import { type ReactNode, useState } from 'react';
import { formatBytes, formatDateTime } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { isApiError } from '@/lib/queries/api';
import { hostVolumesHref, useVolume } from '@/lib/queries/volumes';
import type { TBackup, TVolumeDetail } from '@/lib/types/volumes';
import { Facts, MiniTable, Mono } from '../containers/detail-parts';
import { Badge, StateBadge } from '../ui/badge';
import { Section } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { BackupNow } from './backup-now';
import { BackupsTable } from './backups-table';
import { DeleteVolume } from './delete-volume';
import { MissingVolume } from './missing-volume';
import { ProtectionPanel } from './protection-panel';
import { RestoreDialog } from './restore-dialog';
import { orphanAgeLabel } from './volume-list-model';
import { DataOnlyBadge, LockIcon } from './volume-parts';

function Breadcrumb({ hostRef }: { hostRef: string }) {
  return (
    <p className="text-xs text-muted">
      <Link href="/volumes" className="hover:underline">
        Volumes
      </Link>{' '}
      /{' '}
      <Link href={hostVolumesHref(hostRef)} className="hover:underline">
        {hostRef}
      </Link>{' '}
      /
    </p>
  );
}

function Overview({ volume: v }: { volume: TVolumeDetail }) {
  const options = Object.entries(v.options);
  return (
    <Facts
      items={[
        ['Name', <Mono key="n">{v.name}</Mono>],
        ['Driver', v.driver],
        ['Scope', v.scope],
        ['Mountpoint', <Mono key="m">{v.mountpoint}</Mono>],
        ['Created', formatDateTime(v.createdAt)],
        ['Kind', v.anonymous ? 'anonymous (made by the engine for a container)' : 'named'],
        [
          'Size',
          v.size ? `${formatBytes(v.size.bytes)} (measured ${formatDateTime(v.size.at)})` : 'not measured',
        ],
        ['Orphan', v.orphan ? `yes, unreferenced for ${orphanAgeLabel(v)}` : 'no'],
        ['Services', v.services.join(', ') || null],
        [
          'Driver options',
          options.length ? <Mono key="o">{options.map(([k, val]) => `${k}=${val}`).join(' ')}</Mono> : null,
        ],
      ]}
    />
  );
}

function Users({ volume: v }: { volume: TVolumeDetail }) {
  const hostHref = `/hosts/${encodeURIComponent(v.host.name)}`;
  return (
    <MiniTable
      label="Containers using the volume"
      columns={['Container', 'State', 'Mounted at', 'Service']}
      empty="No container refers to this volume, running or stopped."
      rows={v.users.map((u) => ({
        key: u.id,
        cells: [
          <span key="n" className="inline-flex items-center gap-1.5">
            <Link
              href={`${hostHref}/containers/${encodeURIComponent(u.name)}`}
              className="font-medium text-accent hover:underline"
            >
              {u.name}
            </Link>
            {u.dataOnly ? <DataOnlyBadge /> : null}
          </span>,
          <StateBadge key="s" state={u.state} />,
          <span key="d">
            <Mono>{u.destination}</Mono>
            {u.readOnly ? <span className="ml-1 text-xs text-muted">read-only</span> : null}
          </span>,
          u.service ?? '—',
        ],
      }))}
    />
  );
}

function Labels({ labels }: { labels: Record<string, string> }) {
  return (
    <MiniTable
      label="Labels"
      columns={['Key', 'Value']}
      empty="No labels."
      rows={Object.entries(labels)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, val]) => ({ key: k, cells: [<Mono key="k">{k}</Mono>, <Mono key="v">{val}</Mono>] }))}
    />
  );
}

/** The volume's page once it was read: header and actions, facts, protection, users, backups, labels. */
function VolumeDetail({ volume: v, onRestore }: { volume: TVolumeDetail; onRestore: (b: TBackup) => void }) {
  const hostRef = v.host.name;
  const canBackup = useCan('volumes.backup');
  const canDelete = useCan('volumes.delete');
  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <Breadcrumb hostRef={hostRef} />
          <h1 className="flex min-w-0 items-center gap-2 text-xl font-semibold">
            {v.protection.protected ? (
              <span
                title={`Protected: ${v.protection.reason}`}
                className="text-amber-700 dark:text-amber-300"
              >
                <LockIcon className="size-5" />
                <span className="sr-only">Protected</span>
              </span>
            ) : null}
            <span className="truncate font-mono" title={v.name}>
              {v.name}
            </span>
            {v.anonymous ? <Badge>anonymous</Badge> : null}
            {v.heldBy.length > 0 ? <DataOnlyBadge /> : null}
            {v.orphan ? <Badge tone="warn">orphan</Badge> : null}
          </h1>
          <p className="text-xs text-muted">on {v.host.name}</p>
        </div>
        <div className="flex items-center gap-2">
          {canBackup ? <BackupNow hostRef={hostRef} name={v.name} /> : null}
          {canDelete ? <DeleteVolume volume={v} /> : null}
        </div>
      </header>

      <div className="grid gap-4 xl:grid-cols-2">
        <Section title="Volume">
          <Overview volume={v} />
        </Section>
        <div className="flex flex-col gap-4">
          <Section title="Protection">
            <ProtectionPanel volume={v} />
          </Section>
          <Section title="Used by">
            <Users volume={v} />
          </Section>
        </div>
      </div>
      <Section title={`Backups (${v.backups.length})`}>
        {v.backupWarning ? (
          <p
            role="alert"
            className="mb-2 text-sm text-amber-800 dark:text-amber-300"
            data-testid="backup-warning"
          >
            {v.backupWarning}
          </p>
        ) : null}
        {v.backups.length === 0 ? (
          <p className="text-sm text-muted">
            No backups yet. {canBackup ? 'Take one with “Back up now”.' : 'An operator can take one.'}
          </p>
        ) : (
          <BackupsTable backups={v.backups} onRestore={onRestore} />
        )}
      </Section>
      <Section title="Labels">
        <Labels labels={v.labels} />
      </Section>
    </div>
  );
}

/**
 * One volume on one host. When it is gone its backups are still listed; the restore dialog lives
 * here, above both, so its result stays on screen when the restored volume appears.
 */
export function VolumeView({ hostRef, name }: { hostRef: string; name: string }) {
  const { data: v, error, isPending, refetch } = useVolume(hostRef, name);
  const [restoring, setRestoring] = useState<TBackup | null>(null);
  let body: ReactNode;
  if (isPending) body = <LoadingBlock label="Loading the volume…" rows={10} />;
  else if (v) body = <VolumeDetail volume={v} onRestore={setRestoring} />;
  else
    body = (
      <div className="flex flex-col gap-4">
        <Breadcrumb hostRef={hostRef} />
        <MissingVolume
          hostRef={hostRef}
          name={name}
          error={error}
          missing={isApiError(error) && error.status === 404}
          onRetry={() => void refetch()}
          onRestore={setRestoring}
        />
      </div>
    );
  return (
    <>
      {body}
      {restoring ? <RestoreDialog backup={restoring} onClose={() => setRestoring(null)} /> : null}
    </>
  );
}

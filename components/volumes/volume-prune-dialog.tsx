'use client';

import { useState } from 'react';
import { formatBytes, formatDateTime } from '@/lib/format';
import { isApiError } from '@/lib/queries/api';
import { useVolumePrune, useVolumePrunePreview } from '@/lib/queries/volumes';
import type { TVolumePrunePreview, TVolumePruneResult } from '@/lib/types/volumes';
import { MiniTable, Mono } from '../containers/detail-parts';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { ErrorPanel } from '../ui/error-panel';
import { FormError } from '../ui/field';
import { LoadingBlock } from '../ui/skeleton';
import { LockIcon } from './volume-parts';

function Candidates({ preview }: { preview: TVolumePrunePreview }) {
  return (
    <div className="max-h-64 overflow-y-auto">
      <MiniTable
        label="Volumes to prune"
        columns={['Volume', 'Driver', 'Age', 'Size']}
        empty=""
        rows={preview.volumes.map((v) => ({
          key: v.name,
          cells: [
            <span key="n" className="inline-flex items-center gap-1" title={v.name}>
              <Mono>{v.name}</Mono>
              {v.anonymous ? <Badge>anon</Badge> : null}
            </span>,
            v.driver,
            <span key="a" title={formatDateTime(v.createdAt)}>
              {v.ageDays === null ? '—' : `${v.ageDays} d`}
            </span>,
            formatBytes(v.size),
          ],
        }))}
      />
    </div>
  );
}

function Skipped({ names }: { names: string[] }) {
  if (names.length === 0) return null;
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid="prune-skipped">
      <p className="inline-flex items-center gap-1 font-medium">
        <LockIcon /> {names.length} protected {names.length === 1 ? 'orphan stays' : 'orphans stay'}
      </p>
      <ul className="flex flex-wrap gap-1">
        {names.map((n) => (
          <li key={n} className="max-w-64 truncate rounded border border-line bg-raised px-1.5" title={n}>
            <Mono>{n}</Mono>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Result({ result }: { result: TVolumePruneResult }) {
  const backupOf = new Map(result.backups.map((b) => [b.volume, b.backupId]));
  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="prune-result">
      <p>
        Removed {result.deleted.length} {result.deleted.length === 1 ? 'volume' : 'volumes'} on{' '}
        {result.host.name}.
      </p>
      {result.deleted.length > 0 ? (
        <MiniTable
          label="Removed volumes"
          columns={['Volume', 'Backup taken first']}
          empty=""
          rows={result.deleted.map((name) => ({
            key: name,
            cells: [<Mono key="n">{name}</Mono>, <Mono key="b">{backupOf.get(name) ?? 'none'}</Mono>],
          }))}
        />
      ) : null}
      {result.failed.map((f) => (
        <FormError key={f.volume} message={`${f.volume} stayed: ${f.message}`} />
      ))}
    </div>
  );
}

/**
 * Prune in two steps: the preview lists the orphans that would go and the protected ones that stay,
 * and the confirmation carries the preview's token, so the server refuses if the set changed.
 */
export function VolumePruneDialog({ hostRef, onClose }: { hostRef: string; onClose: () => void }) {
  const preview = useVolumePrunePreview(hostRef, true);
  const prune = useVolumePrune(hostRef);
  const [backup, setBackup] = useState(true);
  const changed = isApiError(prune.error) && prune.error.status === 409;
  const p = preview.data;

  const confirm = (token: string) =>
    prune.mutate(
      { confirm: token, backup },
      {
        // The set changed: read it again at once so what is shown is what a new confirm would remove.
        onError: (error) => {
          if (isApiError(error) && error.status === 409) void preview.refetch();
        },
      },
    );

  return (
    <Dialog open onClose={onClose} title={`Prune unused volumes on ${hostRef}`} size="lg">
      {prune.data ? (
        <div className="flex flex-col gap-3">
          <Result result={prune.data} />
          <div className="flex justify-end">
            <Button variant="primary" onClick={onClose}>
              Close
            </Button>
          </div>
        </div>
      ) : preview.isPending ? (
        <LoadingBlock label="Reading the orphaned volumes…" rows={3} />
      ) : !p ? (
        <ErrorPanel
          title="The preview could not be read"
          error={preview.error}
          onRetry={() => void preview.refetch()}
        />
      ) : (
        <div className="flex flex-col gap-3">
          {changed ? (
            <div
              role="alert"
              className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
            >
              <p className="font-medium">The volumes changed since the preview. Nothing was removed.</p>
              <p className="break-words">{prune.error?.message}</p>
              <p>
                {preview.isFetching
                  ? 'Reading the preview again…'
                  : 'Below is the new preview: check it and confirm again.'}
              </p>
            </div>
          ) : null}
          {p.volumes.length === 0 ? (
            <p className="text-sm">
              Nothing to prune: no volume on {hostRef} is unreferenced and unprotected.
            </p>
          ) : (
            <>
              <p className="text-sm" data-testid="prune-summary">
                {p.volumes.length === 1
                  ? '1 orphaned volume goes'
                  : `${p.volumes.length} orphaned volumes go`}
                . Volumes that any container mounts, running or not, and protected volumes stay.
              </p>
              <Candidates preview={p} />
            </>
          )}
          <Skipped names={p.skippedProtected} />
          {p.volumes.length > 0 ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={backup} onChange={(e) => setBackup(e.target.checked)} />
              Take a backup of each first
            </label>
          ) : null}
          {prune.error && !changed ? <FormError message={prune.error.message} /> : null}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            {p.volumes.length > 0 ? (
              <Button
                variant="danger"
                pending={prune.isPending}
                disabled={preview.isFetching}
                onClick={() => confirm(p.confirm)}
              >
                Prune {p.volumes.length} {p.volumes.length === 1 ? 'volume' : 'volumes'}
              </Button>
            ) : null}
          </div>
        </div>
      )}
    </Dialog>
  );
}

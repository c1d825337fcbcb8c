'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { formatDateTime, formatDuration } from '@/lib/format';
import { useRestoreBackup, volumeHref } from '@/lib/queries/volumes';
import { ZVolumeName } from '@/lib/schemas/volumes';
import type { TBackup, TRestoreResult } from '@/lib/types/volumes';
import { Mono } from '../containers/detail-parts';
import { Button, buttonClass } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormError, TextField } from '../ui/field';

function Restored({ result, onClose }: { result: TRestoreResult; onClose: () => void }) {
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="restore-result">
      <p
        role="status"
        className="rounded-md border border-emerald-300 bg-emerald-50 px-3 py-2 text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950/60 dark:text-emerald-100"
      >
        Restored into <strong className="break-all">{result.volume}</strong> on {result.host.name}
        {result.created ? ' (created)' : ''}: verified {result.fileCount}{' '}
        {result.fileCount === 1 ? 'file' : 'files'} in {formatDuration(result.ms)}.
      </p>
      {result.previousBackupId ? (
        <p>
          Its previous content was backed up first as <Mono>{result.previousBackupId}</Mono>.
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Link
          href={volumeHref(result.host.name, result.volume)}
          className={buttonClass('secondary')}
          onClick={onClose}
        >
          Open the volume
        </Link>
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  );
}

/**
 * Restores a backup into its own volume or a new one. The server refuses a volume that a running
 * container uses; its message is shown as it is.
 */
export function RestoreDialog({ backup, onClose }: { backup: TBackup; onClose: () => void }) {
  const [volume, setVolume] = useState(backup.volume);
  const [backupFirst, setBackupFirst] = useState(true);
  const [invalid, setInvalid] = useState<string | undefined>();
  const restore = useRestoreBackup(backup);
  const close = () => {
    if (!restore.isPending) onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZVolumeName.safeParse(volume.trim());
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message);
      return;
    }
    setInvalid(undefined);
    restore.mutate({ volume: parsed.data, backupFirst });
  };

  return (
    <Dialog
      open
      onClose={close}
      size="lg"
      title="Restore a backup"
      description={
        <>
          The backup of <Mono>{backup.volume}</Mono> from {formatDateTime(backup.createdAt)} on{' '}
          {backup.host.name} (<Mono>{backup.id}</Mono>). The target volume’s content is replaced by the
          archive’s; a volume that does not exist is created.
        </>
      }
    >
      {restore.data ? (
        <Restored result={restore.data} onClose={onClose} />
      ) : (
        <form onSubmit={submit} className="flex flex-col gap-3">
          <TextField
            label="Restore into volume"
            value={volume}
            onChange={(e) => setVolume(e.target.value)}
            error={invalid}
            hint={`On ${backup.host.name}. Keep ${backup.volume} to put the data back, or name a new volume to compare first.`}
            className="font-mono"
            autoFocus
          />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={backupFirst} onChange={(e) => setBackupFirst(e.target.checked)} />
            Back up the volume’s current content first
          </label>
          <FormError message={restore.error?.message} />
          <div className="flex items-center justify-end gap-2">
            {restore.isPending ? (
              <span role="status" className="mr-auto text-xs text-muted">
                Restoring and counting the files…
              </span>
            ) : null}
            <Button onClick={close} disabled={restore.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" pending={restore.isPending}>
              Restore
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

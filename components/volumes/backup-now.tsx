'use client';

import { type FormEvent, useState } from 'react';
import { formatBytes, formatDuration } from '@/lib/format';
import { useBackupVolume } from '@/lib/queries/volumes';
import { Mono } from '../containers/detail-parts';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormError, TextField } from '../ui/field';
import { toast } from '../ui/toast';

/** Takes a backup of a volume now, with an optional note; the engine may take a while for a big one. */
export function BackupNow({ hostRef, name }: { hostRef: string; name: string }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const backup = useBackupVolume(hostRef, name);
  const close = () => {
    if (backup.isPending) return;
    setOpen(false);
    setNote('');
    backup.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    backup.mutate(note, {
      onSuccess: (b) => {
        toast.success(
          `Backed up ${name}: ${b.fileCount} entries, ${formatBytes(b.size)} in ${formatDuration(b.ms)}`,
        );
        setOpen(false);
        setNote('');
        backup.reset();
      },
    });
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>Back up now</Button>
      <Dialog
        open={open}
        onClose={close}
        title="Back up this volume"
        description={
          <>
            <Mono>{name}</Mono> on {hostRef}. A short-lived helper container reads the volume read-only and
            Wharf keeps the archive as .tar.gz with its checksum. Running containers keep running.
          </>
        }
      >
        <form onSubmit={submit} className="flex flex-col gap-3">
          <TextField
            label="Note (optional)"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            placeholder="before the schema migration"
            autoFocus
          />
          <FormError message={backup.error?.message} />
          <div className="flex items-center justify-end gap-2">
            {backup.isPending ? (
              <span role="status" className="mr-auto text-xs text-muted">
                Reading the volume…
              </span>
            ) : null}
            <Button onClick={close} disabled={backup.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={backup.isPending}>
              Back up
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

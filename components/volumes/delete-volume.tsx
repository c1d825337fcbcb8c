'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { isApiError } from '@/lib/queries/api';
import { hostVolumesHref, useDeleteVolume } from '@/lib/queries/volumes';
import type { TVolumeDetail } from '@/lib/types/volumes';
import { Mono } from '../containers/detail-parts';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormError, TextField } from '../ui/field';
import { toast } from '../ui/toast';

/** What the page already knows would make the server refuse; the server still decides. */
function Foreseen({ volume }: { volume: TVolumeDetail }) {
  const notes: string[] = [];
  if (volume.protection.protected)
    notes.push(
      `It is protected (${volume.protection.reason}): the delete is refused until an admin lifts the protection, with a reason.`,
    );
  if (volume.users.length > 0)
    notes.push(
      `It is used by ${volume.users.map((u) => `${u.name} (${u.state})`).join(', ')}: the delete is refused while ${volume.users.length === 1 ? 'that container exists' : 'those containers exist'}.`,
    );
  if (notes.length === 0) return null;
  return (
    <ul className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100">
      {notes.map((n) => (
        <li key={n} className="break-words">
          {n}
        </li>
      ))}
    </ul>
  );
}

/**
 * Deletes a volume after its name is typed back, taking a backup first unless unchecked. A refusal
 * (protected, in use) is the server's message word for word.
 */
export function DeleteVolume({ volume }: { volume: TVolumeDetail }) {
  const hostRef = volume.host.name;
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [backup, setBackup] = useState(true);
  const remove = useDeleteVolume(hostRef, volume.name);
  const router = useRouter();
  const refused = isApiError(remove.error) && remove.error.status === 409;

  const close = () => {
    if (remove.isPending) return;
    setOpen(false);
    setTyped('');
    setBackup(true);
    remove.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate(
      { confirm: typed, backup },
      {
        onSuccess: (result) => {
          toast.success(
            result.backupId
              ? `Deleted ${volume.name} on ${hostRef}; its content is in backup ${result.backupId}`
              : `Deleted ${volume.name} on ${hostRef}, without a backup`,
          );
          setOpen(false);
          router.push(hostVolumesHref(hostRef));
        },
      },
    );
  };

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Delete volume
      </Button>
      <Dialog
        open={open}
        onClose={close}
        title={`Delete this volume from ${hostRef}?`}
        description={
          <>
            <Mono>{volume.name}</Mono> and its data leave the host. With the backup below, the data can be
            restored from this page.
          </>
        }
      >
        <form onSubmit={submit} className="flex flex-col gap-3">
          <Foreseen volume={volume} />
          <TextField
            label="Type the volume’s name to confirm"
            hint={<Mono>{volume.name}</Mono>}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            autoFocus
          />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={backup} onChange={(e) => setBackup(e.target.checked)} />
            Take a backup first
          </label>
          {!backup ? (
            <p className="text-xs text-red-700 dark:text-red-400">
              Without a backup the data cannot be brought back through Wharf.
            </p>
          ) : null}
          {remove.error ? (
            <div data-testid="delete-refused">
              <FormError message={refused ? `Refused: ${remove.error.message}` : remove.error.message} />
            </div>
          ) : null}
          <div className="flex items-center justify-end gap-2">
            {remove.isPending ? (
              <span role="status" className="mr-auto text-xs text-muted">
                {backup ? 'Backing up, then deleting…' : 'Deleting…'}
              </span>
            ) : null}
            <Button onClick={close} disabled={remove.isPending}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant="danger"
              pending={remove.isPending}
              disabled={typed !== volume.name}
            >
              Delete
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

'use client';

import { type FormEvent, useState } from 'react';
import { formatDateTime } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { useSetProtection } from '@/lib/queries/volumes';
import { ZProtectionBody } from '@/lib/schemas/volumes';
import type { TVolumeDetail } from '@/lib/types/volumes';
import { Mono } from '../containers/detail-parts';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormError, TextAreaField } from '../ui/field';
import { toast } from '../ui/toast';
import { LockIcon } from './volume-parts';

function ProtectionDialog({
  volume,
  protect,
  onClose,
}: {
  volume: TVolumeDetail;
  protect: boolean;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string | undefined>();
  const set = useSetProtection(volume.host.name, volume.name);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZProtectionBody.safeParse({ reason });
    if (!parsed.success) {
      setInvalid(parsed.error.issues[0]?.message);
      return;
    }
    setInvalid(undefined);
    set.mutate(
      { protect, reason: parsed.data.reason },
      {
        onSuccess: () => {
          toast.success(
            protect
              ? `${volume.name} is protected: it cannot be deleted until an admin lifts the protection`
              : `Lifted the protection of ${volume.name}`,
          );
          onClose();
        },
      },
    );
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={protect ? 'Protect this volume' : 'Lift the protection of this volume'}
      description={
        <>
          <Mono>{volume.name}</Mono> on {volume.host.name}.{' '}
          {protect
            ? 'A protected volume cannot be deleted through Wharf, by anyone, until an admin lifts the protection. The reason is shown with the lock and kept in the audit log.'
            : 'Once lifted, an admin can delete the volume. The reason is kept in the audit log.'}
        </>
      }
    >
      <form onSubmit={submit} className="flex flex-col gap-3">
        <TextAreaField
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          rows={3}
          error={invalid}
          autoFocus
          hint={
            protect
              ? 'For example: holds the payment ledger'
              : 'For example: data migrated to the new cluster'
          }
          className="font-sans text-sm"
        />
        <FormError message={set.error?.message} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose} disabled={set.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant={protect ? 'primary' : 'danger'} pending={set.isPending}>
            {protect ? 'Protect' : 'Lift protection'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The lock and its reason, who set it and when; a lead can protect, an admin can lift it. */
export function ProtectionPanel({ volume }: { volume: TVolumeDetail }) {
  const canProtect = useCan('volumes.protect');
  const canLift = useCan('volumes.unprotect');
  const [editing, setEditing] = useState<'protect' | 'lift' | null>(null);
  const p = volume.protection;
  const holders = volume.heldBy;

  return (
    <div className="flex flex-col gap-2 text-sm" data-testid="protection-panel">
      {p.protected ? (
        <div className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100">
          <LockIcon className="mt-0.5 size-4 shrink-0" />
          <div className="min-w-0">
            <p className="font-medium">Protected</p>
            <p className="break-words" data-testid="protection-reason">
              {p.reason}
            </p>
            <p className="text-xs opacity-80">
              {p.source === 'label' ? 'By its label' : 'In Wharf'}
              {p.by ? ` · by ${p.by}` : ''}
              {p.at ? ` · ${formatDateTime(p.at)}` : ''}
            </p>
          </div>
        </div>
      ) : (
        <>
          <p className="text-muted">
            Not protected. An admin can delete it once no container uses it, after typing its name.
          </p>
          {p.lifted ? (
            <p className="text-xs break-words text-muted" data-testid="protection-lifted">
              Protection lifted by {p.lifted.by} on {formatDateTime(p.lifted.at)}: {p.lifted.reason}
            </p>
          ) : null}
        </>
      )}
      {holders.length > 0 ? (
        <p className="text-xs text-muted">
          Held by the data-only {holders.length === 1 ? 'container' : 'containers'} {holders.join(', ')}: it
          cannot be deleted while {holders.length === 1 ? 'that container exists' : 'they exist'}.
        </p>
      ) : null}
      <div className="flex gap-2">
        {!p.protected && canProtect ? (
          <Button size="sm" onClick={() => setEditing('protect')}>
            Protect
          </Button>
        ) : null}
        {p.protected && canLift ? (
          <Button size="sm" variant="danger" onClick={() => setEditing('lift')}>
            Lift protection
          </Button>
        ) : null}
      </div>
      {editing ? (
        <ProtectionDialog volume={volume} protect={editing === 'protect'} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}

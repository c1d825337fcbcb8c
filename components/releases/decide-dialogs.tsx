'use client';

import { type FormEvent, useState } from 'react';
import { type TReleaseDecision, useDecideRelease, useRollback } from '@/lib/queries/releases';
import type { TRelease, TReleaseBrief } from '@/lib/types/releases';
import { Dialog } from '../ui/dialog';
import { FormError, FormFooter, TextAreaField } from '../ui/field';
import { toast } from '../ui/toast';
import { shortDigest } from './release-parts';

export type Decision = TReleaseDecision['action'];

const WORDS: Record<
  Decision,
  { title: string; label: string; field: string; pending: string; done: string }
> = {
  approve: {
    title: 'Approve release',
    label: 'Approve',
    field: 'Note (optional)',
    pending: 'Approving…',
    done: 'approved',
  },
  reject: {
    title: 'Reject release',
    label: 'Reject',
    field: 'Reason',
    pending: 'Rejecting…',
    done: 'rejected',
  },
  cancel: {
    title: 'Cancel release',
    label: 'Cancel release',
    field: 'Reason (optional)',
    pending: 'Cancelling…',
    done: 'cancelled',
  },
};

/** Approve (with an optional note), reject (a reason is required) or cancel one release. */
export function DecideDialog({
  release,
  decision,
  onClose,
  onDone,
}: {
  release: TReleaseBrief;
  decision: Decision;
  onClose: () => void;
  onDone?: (release: TRelease) => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = useDecideRelease(release.id);
  const w = WORDS[decision];
  const ref = `${release.tag ?? shortDigest(release.digest)}`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = text.trim();
    if (decision === 'reject' && !value) {
      setError('say why the release is rejected; the requester reads it');
      return;
    }
    const body: TReleaseDecision =
      decision === 'approve' ? { action: 'approve', note: value } : { action: decision, reason: value };
    decide.mutate(body, {
      onSuccess: (saved) => {
        toast.success(`Release #${saved.number} of ${saved.service} ${w.done}`);
        onClose();
        onDone?.(saved);
      },
      onError: (e) => setError(e.message),
    });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={`${w.title} #${release.number} of ${release.service}`}
      description={
        decision === 'approve'
          ? `The approval is bound to ${shortDigest(release.digest)} (${ref}) and the config as requested; it runs at once.`
          : decision === 'reject'
            ? 'Nothing is deployed. The requester sees your reason.'
            : 'Nothing is deployed; a new request starts over.'
      }
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
        <TextAreaField
          label={w.field}
          rows={3}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          autoFocus
          className="font-sans text-sm"
        />
        <FormError message={error} />
        <FormFooter
          pending={decide.isPending}
          pendingText={w.pending}
          submitLabel={w.label}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

/**
 * Rolls a service back: to release `to`, or by default to the last good release before the current.
 * It deploys that release's digest and config, needs no second approval, and is audited.
 */
export function RollbackDialog({
  service,
  to,
  onClose,
  onDone,
}: {
  service: string;
  to: TReleaseBrief | null;
  onClose: () => void;
  onDone?: (release: TRelease) => void;
}) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rollback = useRollback(service);
  return (
    <Dialog
      open
      onClose={onClose}
      title={to ? `Roll ${service} back to #${to.number}` : `Roll ${service} back to the previous release`}
      description={
        to
          ? `Deploys ${to.tag ?? shortDigest(to.digest)} (${shortDigest(to.digest)}) with the config of #${to.number}, host by host, with the same checks as a release. No second approval.`
          : 'Deploys the last release that succeeded before the current one, with its digest and config. No second approval.'
      }
    >
      <form
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          rollback.mutate(
            { ...(to ? { toRelease: to.number } : {}), note: note.trim() },
            {
              onSuccess: (saved) => {
                toast.success(`Rollback #${saved.number} of ${service} started`);
                onClose();
                onDone?.(saved);
              },
              onError: (err) => setError(err.message),
            },
          );
        }}
      >
        <TextAreaField
          label="Why (optional, kept with the release)"
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          className="font-sans text-sm"
          autoFocus
        />
        <FormError message={error} />
        <FormFooter
          pending={rollback.isPending}
          pendingText="Starting the rollback…"
          submitLabel="Roll back"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

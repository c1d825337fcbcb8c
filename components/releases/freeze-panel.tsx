'use client';

import { type FormEvent, useState } from 'react';
import { formatAgo, formatDateTime } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { useCreateFreeze, useDeleteFreeze, useFreezes } from '@/lib/queries/releases';
import type { TFreezeWindow } from '@/lib/types/releases';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ConfirmDialog, Dialog } from '../ui/dialog';
import { FormError, FormFooter, TextField } from '../ui/field';
import { toast } from '../ui/toast';

/** `2025-11-25T19:15` for a datetime-local input, in the browser's zone. */
function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function isNow(f: TFreezeWindow, now: number) {
  return Date.parse(f.startsAt) <= now && now < Date.parse(f.endsAt);
}

function AddFreezeDialog({ service, onClose }: { service: string; onClose: () => void }) {
  const [scope, setScope] = useState<'service' | 'fleet'>('service');
  const [starts, setStarts] = useState(() => localInput(Date.now()));
  const [ends, setEnds] = useState(() => localInput(Date.now() + 2 * 3600_000));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const create = useCreateFreeze();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const startsAt = new Date(starts);
    const endsAt = new Date(ends);
    if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime()))
      return setError('give a start and an end');
    if (endsAt <= startsAt) return setError('the end is after the start');
    if (!reason.trim()) return setError('say why deploys are frozen');
    create.mutate(
      {
        ...(scope === 'service' ? { service } : {}),
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        reason: reason.trim(),
      },
      {
        onSuccess: () => {
          toast.success(scope === 'service' ? `Deploys of ${service} frozen` : 'Deploys frozen fleet-wide');
          onClose();
        },
        onError: (e) => setError(e.message),
      },
    );
  }
  return (
    <Dialog
      open
      onClose={onClose}
      title="Freeze deploys"
      description="During a freeze only releases marked hotfix and approved by a lead run. Rollbacks are not blocked."
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">Scope</legend>
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={scope === 'service'} onChange={() => setScope('service')} />
            {service} only
          </label>
          <label className="flex items-center gap-1.5">
            <input type="radio" checked={scope === 'fleet'} onChange={() => setScope('fleet')} />
            Every service
          </label>
        </fieldset>
        <div className="grid grid-cols-2 gap-2">
          <TextField
            label="Starts"
            type="datetime-local"
            value={starts}
            onChange={(e) => setStarts(e.target.value)}
          />
          <TextField
            label="Ends"
            type="datetime-local"
            value={ends}
            onChange={(e) => setEnds(e.target.value)}
          />
        </div>
        <TextField
          label="Reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="Black Friday"
        />
        <FormError message={error} />
        <FormFooter
          pending={create.isPending}
          pendingText="Saving…"
          submitLabel="Freeze"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

/** The freeze windows that apply to a service, its own and fleet-wide, now and to come. */
export function FreezePanel({ service }: { service: string }) {
  const { data, error } = useFreezes();
  const canFreeze = useCan('releases.freeze');
  const remove = useDeleteFreeze();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<TFreezeWindow | null>(null);
  const now = Date.now();
  const windows = (data ?? []).filter((f) => f.service === null || f.service === service);
  return (
    <div className="flex flex-col gap-2">
      {error ? (
        <p className="text-xs text-red-700 dark:text-red-400">Freezes could not be read: {error.message}</p>
      ) : null}
      {data && windows.length === 0 ? (
        <p className="text-sm text-muted">No freeze now or planned; releases run when approved.</p>
      ) : null}
      <ul className="flex flex-col gap-1.5">
        {windows.map((f) => (
          <li key={f.id} className="flex items-start justify-between gap-2 text-sm" data-testid="freeze">
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-1.5">
                {isNow(f, now) ? <Badge tone="bad">frozen now</Badge> : <Badge tone="warn">planned</Badge>}
                <Badge>{f.service ? 'this service' : 'fleet-wide'}</Badge>
                <span className="break-words">{f.reason}</span>
              </div>
              <p className="text-xs text-muted">
                {formatDateTime(f.startsAt)} → {formatDateTime(f.endsAt)} (
                {isNow(f, now) ? `ends ${formatAgo(f.endsAt)}` : `starts ${formatAgo(f.startsAt)}`}) · by{' '}
                {f.createdBy}
              </p>
            </div>
            {canFreeze ? (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setRemoving(f)}
                aria-label={`Remove the freeze: ${f.reason}`}
              >
                Remove
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {canFreeze ? (
        <div>
          <Button size="sm" onClick={() => setAdding(true)}>
            Add a freeze
          </Button>
        </div>
      ) : null}
      {adding ? <AddFreezeDialog service={service} onClose={() => setAdding(false)} /> : null}
      <ConfirmDialog
        open={removing !== null}
        title="Remove this freeze?"
        description={
          removing
            ? `“${removing.reason}”, ${removing.service ? `for ${removing.service}` : 'fleet-wide'}. Releases run again as soon as they are approved.`
            : ''
        }
        confirmLabel="Remove freeze"
        danger
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const f = removing;
          setRemoving(null);
          if (f) remove.mutate(f.id, { onSuccess: () => toast.success('Freeze removed') });
        }}
      />
    </div>
  );
}

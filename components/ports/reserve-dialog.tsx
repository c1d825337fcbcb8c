'use client';

import { type FormEvent, useState } from 'react';
import { useCreateReservation } from '@/lib/queries/ports';
import { ZCreateReservation } from '@/lib/schemas/ports';
import type { TPortProto } from '@/lib/types/ports';
import { Dialog } from '../ui/dialog';
import { FormError, FormFooter, SelectField, TextField } from '../ui/field';
import { toast } from '../ui/toast';
import { PROTOS } from './claims-model';

export type ReserveDraft = { port: number | null; proto: TPortProto };

type Errors = Partial<Record<'port' | 'proto' | 'hostIp' | 'service' | 'note', string>>;

/**
 * Reserves a host port for a planned service. The form checks with the server's own schema; the
 * server's refusal (a port already bound, claimed or reserved, naming the holder) is shown as it says it.
 */
export function ReserveDialog({
  hostRef,
  draft,
  onClose,
}: {
  hostRef: string;
  draft: ReserveDraft;
  onClose: () => void;
}) {
  const [port, setPort] = useState(draft.port === null ? '' : String(draft.port));
  const [proto, setProto] = useState<TPortProto>(draft.proto);
  const [hostIp, setHostIp] = useState('');
  const [service, setService] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const create = useCreateReservation(hostRef);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZCreateReservation.safeParse({
      port: port.trim() === '' ? undefined : Number(port),
      proto,
      hostIp,
      service: service.trim() === '' ? undefined : service,
      note,
    });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as keyof Errors;
        next[field] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (r) => {
        toast.success(`Reserved ${r.port}/${r.proto} on ${r.host.name}`);
        onClose();
      },
    });
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Reserve a port on ${hostRef}`}
      description="A reservation keeps a host port for a planned service: it shows on the map, Wharf no longer suggests it, and a container that binds it is flagged as a conflict."
    >
      <form onSubmit={submit} className="flex flex-col gap-3" noValidate>
        <div className="grid grid-cols-2 gap-3">
          <TextField
            label="Port"
            inputMode="numeric"
            value={port}
            onChange={(e) => setPort(e.target.value)}
            error={errors.port}
            autoFocus={draft.port === null}
          />
          <SelectField
            label="Protocol"
            value={proto}
            onChange={(e) => setProto(e.target.value as TPortProto)}
            error={errors.proto}
          >
            {PROTOS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </SelectField>
        </div>
        <TextField
          label="Address (optional)"
          value={hostIp}
          onChange={(e) => setHostIp(e.target.value)}
          error={errors.hostIp}
          placeholder="every address"
          hint="Empty for every address of the host, or one IPv4 or IPv6 address"
        />
        <TextField
          label="Service (optional)"
          value={service}
          onChange={(e) => setService(e.target.value)}
          error={errors.service}
          placeholder="shop"
          hint="The service that will take the port; its own deploys are not refused for it"
        />
        <TextField
          label="Note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={errors.note}
          placeholder="What the port is for"
          autoFocus={draft.port !== null}
          required
        />
        <FormError message={create.error?.message} />
        <FormFooter
          pending={create.isPending}
          pendingText="Reserving…"
          submitLabel="Reserve"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

'use client';

import type { FormEvent } from 'react';
import { useFormFields } from '@/lib/hooks/use-form-fields';
import { useCreateHost, useUpdateHost } from '@/lib/queries/hosts';
import { HOST_URL_HELP } from '@/lib/schemas/hosts';
import type { THost } from '@/lib/types/fleet';
import { FormError, FormErrors, FormFooter, TextAreaField, TextField } from '../ui/field';
import { toast } from '../ui/toast';
import {
  createPayload,
  type HostFormValues,
  initialValues,
  isTcpUrl,
  updatePayload,
} from './host-form-model';
import { PemField } from './pem-field';

const PEM_HINT = '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----';

/**
 * Adds a host, or edits one when `host` is given. The server connects to the engine before saving;
 * if that fails, its reason is shown here and nothing is saved.
 */
export function HostForm({
  host,
  onSaved,
  onCancel,
}: {
  host?: THost;
  onSaved: (saved: THost) => void;
  onCancel: () => void;
}) {
  const { values, errors, setErrors, set } = useFormFields<HostFormValues>(() => initialValues(host));
  const create = useCreateHost();
  const update = useUpdateHost();
  const mutation = host ? update : create;
  const tcp = isTcpUrl(values.url);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    mutation.reset();
    if (host) {
      const { payload, errors: found } = updatePayload(host, values);
      setErrors(found);
      if (!payload) return;
      update.mutate(
        { hostRef: host.name, input: payload },
        {
          onSuccess: (saved) => {
            toast.success(`Host ${saved.name} saved`);
            onSaved(saved);
          },
        },
      );
      return;
    }
    const { payload, errors: found } = createPayload(values);
    setErrors(found);
    if (!payload) return;
    create.mutate(payload, {
      onSuccess: (saved) => {
        toast.success(`Host ${saved.name} added: Docker ${saved.engine.version} answered`);
        onSaved(saved);
      },
    });
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={host ? `Edit host ${host.name}` : 'Add host'}
      className="flex flex-col gap-3"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Name"
          value={values.name}
          onChange={(e) => set('name')(e.target.value)}
          error={errors.name}
          placeholder="web-1"
          autoFocus
        />
        <TextField
          label="URL"
          value={values.url}
          onChange={(e) => set('url')(e.target.value)}
          error={errors.url}
          placeholder="tcp://10.0.0.5:2376"
          hint={HOST_URL_HELP}
          spellCheck={false}
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
        <TextAreaField
          label="Labels"
          value={values.labels}
          onChange={(e) => set('labels')(e.target.value)}
          error={errors.labels}
          rows={3}
          placeholder={'env=prod\nzone=eu-1'}
          hint="One key=value per line."
          spellCheck={false}
        />
        <TextField
          label="Deadline (ms)"
          type="number"
          inputMode="numeric"
          min={500}
          max={60000}
          step={100}
          value={values.timeoutMs}
          onChange={(e) => set('timeoutMs')(e.target.value)}
          error={errors.timeoutMs}
          placeholder="5000"
          hint="Per call; 500–60000."
        />
      </div>
      {tcp ? (
        <fieldset className="flex flex-col gap-3 rounded-md border border-line p-3">
          <legend className="px-1 text-xs font-medium">Mutual TLS</legend>
          <p className="text-xs text-muted">
            {host?.tls
              ? 'Leave all three empty to keep the current certificates, or paste all three to replace them.'
              : 'Paste the PEM text or load the files. Only a plain TCP engine on this machine (127.0.0.1) may go without.'}
          </p>
          <PemField
            label="CA certificate"
            fileLabel="Load CA from file"
            value={values.ca}
            onChange={set('ca')}
            error={errors.ca}
            placeholder={PEM_HINT}
          />
          <PemField
            label="Client certificate"
            fileLabel="Load cert from file"
            value={values.cert}
            onChange={set('cert')}
            error={errors.cert}
            placeholder={PEM_HINT}
          />
          <PemField
            label="Client key"
            fileLabel="Load key from file"
            value={values.key}
            onChange={set('key')}
            error={errors.key}
            placeholder={'-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----'}
          />
        </fieldset>
      ) : null}
      <FormErrors reveal={mutation.error}>
        <FormError message={errors.form} />
        <FormError message={mutation.error ? `Not saved: ${mutation.error.message}` : null} />
      </FormErrors>
      <FormFooter
        pending={mutation.isPending}
        pendingText="Testing the connection to the engine…"
        submitLabel="Save host"
        onCancel={onCancel}
      />
    </form>
  );
}

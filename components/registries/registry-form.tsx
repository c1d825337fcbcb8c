'use client';

import type { FormEvent } from 'react';
import { useFormFields } from '@/lib/hooks/use-form-fields';
import { isApiError } from '@/lib/queries/api';
import { useCreateRegistry, useUpdateRegistry } from '@/lib/queries/registries';
import type { TRegistry } from '@/lib/types/registries';
import { FormError, FormErrors, FormFooter, TextAreaField, TextField } from '../ui/field';
import { toast } from '../ui/toast';
import {
  createPayload,
  initialValues,
  type RegistryFormField,
  type RegistryFormValues,
  serverErrors,
  updatePayload,
} from './registry-form-model';

/**
 * Adds a registry, or edits one when `registry` is given. The server signs in to the registry before
 * saving; if that fails, its reason is shown beside the field it concerns and nothing is saved. The
 * password is write-only: the form never holds the stored one.
 */
export function RegistryForm({
  registry,
  onSaved,
  onCancel,
}: {
  registry?: TRegistry;
  onSaved: (saved: TRegistry) => void;
  onCancel: () => void;
}) {
  const { values, errors, setErrors, edit, set } = useFormFields<RegistryFormValues, RegistryFormField>(() =>
    initialValues(registry),
  );
  const create = useCreateRegistry();
  const update = useUpdateRegistry();
  const mutation = registry ? update : create;

  const onError = (error: Error) =>
    setErrors(
      serverErrors(isApiError(error) ? error : { message: error.message || 'the server did not answer' }),
    );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    mutation.reset();
    if (registry) {
      const { payload, errors: found } = updatePayload(registry, values);
      setErrors(found);
      if (!payload) return;
      update.mutate(
        { regRef: registry.id, input: payload },
        {
          onSuccess: (saved) => {
            toast.success(`Registry ${saved.name} saved`);
            onSaved(saved);
          },
          onError,
        },
      );
      return;
    }
    const { payload, errors: found } = createPayload(values);
    setErrors(found);
    if (!payload) return;
    create.mutate(payload, {
      onSuccess: (saved) => {
        toast.success(`Registry ${saved.name} added: it answered and accepted the sign-in`);
        onSaved(saved);
      },
      onError,
    });
  }

  const stored = registry?.hasPassword ?? false;

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={registry ? `Edit registry ${registry.name}` : 'Add registry'}
      className="flex flex-col gap-3"
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Name"
          value={values.name}
          onChange={(e) => set('name')(e.target.value)}
          error={errors.name}
          placeholder="prod-registry"
          hint={registry ? 'The name is kept once saved.' : undefined}
          disabled={Boolean(registry)}
          className={registry ? 'bg-raised text-muted' : ''}
          autoFocus={!registry}
          spellCheck={false}
          autoComplete="off"
        />
        <TextField
          label="URL"
          value={values.url}
          onChange={(e) => set('url')(e.target.value)}
          error={errors.url}
          placeholder="https://registry.example.com"
          hint="http:// or https://, with the port if not the default."
          autoFocus={Boolean(registry)}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Username"
          value={values.username}
          onChange={(e) => set('username')(e.target.value)}
          error={errors.username}
          placeholder="optional"
          spellCheck={false}
          autoComplete="off"
        />
        <div className="flex flex-col gap-1">
          <TextField
            label="Password or token"
            type="password"
            value={values.password}
            onChange={(e) => set('password')(e.target.value)}
            error={errors.password}
            placeholder={stored ? 'stored; type to replace' : 'optional'}
            hint={
              stored
                ? 'Leave empty to keep the stored one. It is never shown.'
                : 'Encrypted at rest and never shown again.'
            }
            autoComplete="new-password"
            disabled={values.clearPassword}
          />
          {stored ? (
            <label className="flex items-center gap-2 text-xs text-muted">
              <input
                type="checkbox"
                checked={values.clearPassword}
                onChange={(e) => {
                  const clearPassword = e.target.checked;
                  edit('password', (v) => ({
                    ...v,
                    clearPassword,
                    password: clearPassword ? '' : v.password,
                  }));
                }}
              />
              Forget the stored password
            </label>
          ) : null}
        </div>
      </div>
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
        <TextAreaField
          label="Extra token hosts"
          value={values.tokenHosts}
          onChange={(e) => set('tokenHosts')(e.target.value)}
          error={errors.tokenHosts}
          rows={2}
          placeholder="auth.example.com"
          hint="Hosts besides the registry's own whose bearer-token service Wharf may follow and send these credentials to. One per line."
          spellCheck={false}
        />
        <TextField
          label="Timeout (ms)"
          type="number"
          inputMode="numeric"
          min={500}
          max={60000}
          step={100}
          value={values.timeoutMs}
          onChange={(e) => set('timeoutMs')(e.target.value)}
          error={errors.timeoutMs}
          placeholder="5000"
          hint="Per request to the registry."
        />
      </div>
      <FormErrors reveal={errors.form}>
        <FormError message={errors.form} />
      </FormErrors>
      <FormFooter
        pending={mutation.isPending}
        pendingText="Signing in to the registry…"
        submitLabel="Save registry"
        onCancel={onCancel}
      />
    </form>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useCurrentUser } from '@/lib/hooks/use-current-user';
import { serviceHref, type TAdoptFrom, useCreateService, useUpdateService } from '@/lib/queries/services';
import { adminOnlyAsks, type TServiceSpecInput } from '@/lib/schemas/services';
import { FormErrors, FormFooter } from '../ui/field';
import { toast } from '../ui/toast';
import { type FieldEditor, ServiceFormFields } from './service-form';
import {
  checkSpec,
  clearErrors,
  type ServiceFormValues,
  type SpecErrors,
  serverSpecErrors,
  specFromValues,
  specToYaml,
  valuesFromSpec,
} from './service-form-model';
import { ErrorList, pathLabel } from './spec-errors';
import { YamlTab } from './yaml-tab';

type Tab = 'form' | 'yaml';

/**
 * Creates or edits a service, as a form or as YAML. Both are checked in the browser with the schema the
 * server uses, and the server's refusals land beside the fields they are about.
 */
export function ServiceEditor({
  name,
  initial,
  savedSecrets,
  adopt,
}: {
  /** The service being edited; absent for a new one. */
  name?: string;
  initial: TServiceSpecInput | null;
  savedSecrets: boolean;
  adopt: TAdoptFrom | null;
}) {
  const router = useRouter();
  const user = useCurrentUser();
  const isAdmin = user.role === 'admin';
  const [values, setValues] = useState<ServiceFormValues>(() => valuesFromSpec(initial, savedSecrets));
  const [errors, setErrors] = useState<SpecErrors>({});
  const [tab, setTab] = useState<Tab>('form');
  const [yaml, setYaml] = useState('');
  const create = useCreateService(adopt);
  const update = useUpdateService(name ?? '');
  const mutation = name ? update : create;

  const set: FieldEditor = (field, path) => (value) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => clearErrors(e, path));
  };

  const check = checkSpec(specFromValues(values));
  const asks = check.spec ? adminOnlyAsks(check.spec) : [];

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const spec = specFromValues(values);
    const found = checkSpec(spec).errors;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.mutate(spec, {
      onSuccess: (saved) => {
        toast.success(name ? `Service ${saved.name} saved` : `Service ${saved.name} created`);
        router.push(serviceHref(saved.name));
      },
      onError: (error) => setErrors(serverSpecErrors(error.message)),
    });
  }

  function openTab(next: Tab) {
    if (next === tab) return;
    if (next === 'yaml') setYaml(specToYaml(specFromValues(values)));
    setTab(next);
  }

  const cancel = () => router.push(name ? serviceHref(name) : '/services');
  const count = Object.keys(errors).length;

  return (
    <div className="flex flex-col gap-3">
      <div role="tablist" aria-label="Edit as" className="flex gap-1 border-b border-line">
        {(['form', 'yaml'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`spec-tab-${t}`}
            aria-selected={tab === t}
            aria-controls={`spec-panel-${t}`}
            onClick={() => openTab(t)}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${
              tab === t ? 'border-accent font-medium text-fg' : 'border-transparent text-muted hover:text-fg'
            }`}
          >
            {t === 'form' ? 'Form' : 'YAML'}
          </button>
        ))}
      </div>
      {tab === 'form' ? (
        <form
          id="spec-panel-form"
          role="tabpanel"
          aria-labelledby="spec-tab-form"
          onSubmit={onSubmit}
          noValidate
          className="flex flex-col gap-4"
        >
          {asks.length > 0 && !isAdmin ? (
            <p
              role="alert"
              className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-200"
            >
              This spec asks for {asks.join('; ')}. Only an admin may save it.
            </p>
          ) : null}
          <ServiceFormFields values={values} errors={errors} set={set} isNew={!name} isAdmin={isAdmin} />
          <FormErrors reveal={count > 0 ? errors : null}>
            {count > 0 ? (
              <ErrorList
                title={
                  errors.form && count === 1
                    ? 'Not saved'
                    : `Not saved: ${count} ${count === 1 ? 'field needs' : 'fields need'} attention`
                }
                errors={errors}
              />
            ) : null}
          </FormErrors>
          <div className="sticky bottom-0 -mx-1 flex flex-col gap-1 border-t border-line bg-bg/95 px-1 py-2 backdrop-blur">
            {count > 0 ? (
              <p
                className="truncate text-xs text-red-700 dark:text-red-400"
                data-testid="spec-errors-summary"
              >
                Not saved:{' '}
                {errors.form && count === 1
                  ? errors.form
                  : `${count} ${count === 1 ? 'problem' : 'problems'} (${Object.keys(errors)
                      .filter((k) => k !== 'form')
                      .map(pathLabel)
                      .join(', ')}${errors.form ? `; ${errors.form}` : ''}), listed above`}
              </p>
            ) : null}
            <FormFooter
              pending={mutation.isPending}
              pendingText={name ? 'Saving the service…' : 'Creating the service…'}
              submitLabel={name ? 'Save service' : 'Create service'}
              onCancel={cancel}
            />
          </div>
        </form>
      ) : (
        <YamlTab
          name={name}
          text={yaml}
          onText={setYaml}
          onLoadIntoForm={(spec) => {
            setValues(valuesFromSpec(spec, false));
            setErrors({});
            setTab('form');
          }}
          onCancel={cancel}
        />
      )}
    </div>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { releaseHref, useRequestRelease } from '@/lib/queries/releases';
import { ZRequestRelease } from '@/lib/schemas/releases';
import type { TServiceSummary } from '@/lib/types/releases';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormError, FormFooter, TextAreaField, TextField } from '../ui/field';
import { toast } from '../ui/toast';
import { TagPicker } from './tag-picker';

type By = 'tag' | 'digest';

/** "Request release": a tag or a digest of the service's image, a note, and whether it is a hotfix. */
export function RequestReleaseButton({ service }: { service: TServiceSummary }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        Request release
      </Button>
      {open ? <RequestReleaseDialog service={service} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function RequestReleaseDialog({ service, onClose }: { service: TServiceSummary; onClose: () => void }) {
  const router = useRouter();
  const [by, setBy] = useState<By>('tag');
  const [ref, setRef] = useState('');
  const [note, setNote] = useState('');
  const [hotfix, setHotfix] = useState(false);
  const [errors, setErrors] = useState<{ ref?: string; note?: string; form?: string }>({});
  const request = useRequestRelease(service.name);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = { [by]: ref.trim() || undefined, note, hotfix };
    const parsed = ZRequestRelease.safeParse(body);
    if (!parsed.success) {
      const found: typeof errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === 'note' ? 'note' : 'ref';
        found[key] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    request.mutate(parsed.data, {
      onSuccess: (release) => {
        toast.success(
          release.status === 'pending_approval'
            ? `Release #${release.number} of ${service.name} requested; it waits for a lead`
            : `Release #${release.number} of ${service.name} started`,
        );
        onClose();
        router.push(releaseHref(release.id));
      },
      onError: (error) => setErrors({ form: error.message }),
    });
  }

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={`Request a release of ${service.name}`}
      description={
        <>
          Wharf resolves the tag to its digest now and deploys exactly that digest
          {service.spec.requiresApproval ? ', once a lead other than you approves it' : ', at once'}.{' '}
          {service.frozen ? (
            <strong className="text-red-700 dark:text-red-400">
              Deploys are frozen ({service.frozen.reason}): only an approved hotfix runs.
            </strong>
          ) : null}
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
        <fieldset className="flex gap-4 text-sm">
          <legend className="sr-only">Name the image by</legend>
          {(['tag', 'digest'] as const).map((b) => (
            <label key={b} className="flex items-center gap-1.5">
              <input
                type="radio"
                name="by"
                checked={by === b}
                onChange={() => {
                  setBy(b);
                  setRef('');
                  setErrors({});
                }}
              />
              By {b}
            </label>
          ))}
        </fieldset>
        <TextField
          label={by === 'tag' ? 'Tag' : 'Digest'}
          value={ref}
          onChange={(e) => {
            setRef(e.target.value);
            setErrors({});
          }}
          error={errors.ref}
          placeholder={by === 'tag' ? '8b41d07' : 'sha256:…'}
          hint={
            <span className="font-mono">
              {service.spec.image}
              {by === 'tag' ? ':' : '@'}
              {ref || '…'}
            </span>
          }
          spellCheck={false}
          autoComplete="off"
          autoFocus
        />
        {by === 'tag' ? (
          <TagPicker
            image={service.spec.image}
            typed={ref}
            current={service.current?.tag ?? null}
            onPick={(t) => {
              setRef(t);
              setErrors({});
            }}
          />
        ) : null}
        <TextAreaField
          label="Note"
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={errors.note}
          placeholder="What changes, and why now"
          className="font-sans text-sm"
        />
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-1"
            checked={hotfix}
            onChange={(e) => setHotfix(e.target.checked)}
          />
          <span>
            Hotfix
            <span className="block text-xs text-muted">
              May run during a deploy freeze, once a lead approves it.
            </span>
          </span>
        </label>
        <FormError message={errors.form} />
        <FormFooter
          pending={request.isPending}
          pendingText="Resolving the tag and requesting…"
          submitLabel="Request release"
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

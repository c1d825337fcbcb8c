'use client';

import { useId, useRef, useState } from 'react';
import { importedService, type TImportResult, useImportService } from '@/lib/queries/services';
import type { TServiceSpecInput } from '@/lib/schemas/services';
import { Button } from '../ui/button';
import { inputClass } from '../ui/field';
import { checkSpec, type SpecErrors, serverSpecErrors, specFromYaml } from './service-form-model';
import { ErrorList } from './spec-errors';

/** A YAML text area with a file picker that loads a file into it. */
export function YamlBox({
  label,
  text,
  onText,
  invalid,
  rows = 22,
}: {
  label: string;
  text: string;
  onText: (text: string) => void;
  invalid: boolean;
  rows?: number;
}) {
  const id = useId();
  const file = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-end justify-between gap-2">
        <label htmlFor={id} className="text-xs font-medium text-muted">
          {label}
        </label>
        <input
          ref={file}
          type="file"
          accept=".yaml,.yml,text/yaml,application/yaml,text/plain"
          className="sr-only"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            e.target.value = '';
            if (!chosen) return;
            if (chosen.size > 256 * 1024) {
              setFileError(`${chosen.name} is larger than 256 KiB: not a service spec`);
              return;
            }
            setFileError(null);
            void chosen.text().then(onText);
          }}
        />
        <Button size="sm" onClick={() => file.current?.click()}>
          Open a file…
        </Button>
      </div>
      <textarea
        id={id}
        rows={rows}
        value={text}
        onChange={(e) => onText(e.target.value)}
        spellCheck={false}
        aria-invalid={invalid || undefined}
        placeholder={'name: shop\nhosts: [web-1]\nimage: registry.example.com/acme/shop\n…'}
        className={`${inputClass} font-mono text-xs leading-5`}
      />
      {fileError ? <p className="text-xs text-red-700 dark:text-red-400">{fileError}</p> : null}
    </div>
  );
}

/**
 * Checks YAML in the browser with the shared schema, then sends it to the import endpoint, which
 * creates or updates the service it names. `expectName` refuses YAML for another service.
 */
export function useSaveYaml(expectName?: string) {
  const mutation = useImportService();
  const [errors, setErrors] = useState<SpecErrors>({});
  const save = (text: string, onSaved: (r: ReturnType<typeof importedService>) => void) => {
    mutation.reset();
    const parsed = specFromYaml(text);
    if (!parsed.spec) {
      setErrors({ form: parsed.error ?? 'the YAML is empty' });
      return;
    }
    const found = checkSpec(parsed.spec).errors;
    const named = (parsed.spec as { name?: unknown }).name;
    if (expectName && named !== expectName)
      found.name = `this page edits ${expectName}; the YAML names ${String(named ?? 'no service')}. Import it from the service list to create another.`;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.mutate(text, {
      onSuccess: (result: TImportResult) => onSaved(importedService(result)),
      onError: (error) => setErrors(serverSpecErrors(error.message)),
    });
  };
  const parseForForm = (text: string): TServiceSpecInput | null => {
    const parsed = specFromYaml(text);
    if (!parsed.spec) setErrors({ form: parsed.error ?? 'the YAML is empty' });
    return parsed.spec ?? null;
  };
  const count = Object.keys(errors).length;
  const list =
    count > 0 ? (
      <ErrorList title={`Not saved: ${count === 1 ? 'one problem' : `${count} problems`}`} errors={errors} />
    ) : null;
  return { save, parseForForm, pending: mutation.isPending, errors, setErrors, list };
}

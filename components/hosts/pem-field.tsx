'use client';

import { useId, useState } from 'react';
import { FieldShell, inputClass } from '../ui/field';

const MAX_PEM_BYTES = 64 * 1024;

/**
 * A textarea for pasted PEM text, with a file input that reads a .pem file into it. The file input's
 * name ("Load … from file") does not repeat the field's label, so each has its own accessible name.
 */
export function PemField({
  label,
  fileLabel,
  value,
  onChange,
  error,
  placeholder,
}: {
  label: string;
  fileLabel: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  placeholder: string;
}) {
  const fileId = useId();
  const [fileError, setFileError] = useState<string | null>(null);
  return (
    <FieldShell label={label} error={error ?? fileError ?? undefined}>
      {({ id, describedBy, invalid }) => (
        <div className="flex flex-col gap-1">
          <textarea
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            rows={3}
            spellCheck={false}
            placeholder={placeholder}
            className={`${inputClass} font-mono text-[11px] leading-4`}
          />
          <label
            htmlFor={fileId}
            className="inline-flex w-fit cursor-pointer items-center gap-1 rounded border border-line px-2 py-0.5 text-xs text-muted hover:bg-raised hover:text-fg focus-within:outline-2 focus-within:outline-accent"
          >
            Load .pem file…
            <input
              id={fileId}
              type="file"
              accept=".pem,.crt,.cer,.key,text/plain,application/x-pem-file"
              aria-label={fileLabel}
              className="sr-only"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (!file) return;
                if (file.size > MAX_PEM_BYTES) {
                  setFileError(`${file.name} is larger than 64 KiB; it is not a PEM file`);
                  return;
                }
                setFileError(null);
                onChange((await file.text()).trim());
              }}
            />
          </label>
        </div>
      )}
    </FieldShell>
  );
}

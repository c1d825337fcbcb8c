'use client';

import { useRef, useState } from 'react';
import type { TCreatedToken } from '@/lib/queries/tokens';
import { Button } from '../ui/button';
import { inputClass } from '../ui/field';

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without clipboard access, select the text so Ctrl+C copies it.
    input?.select();
    return false;
  }
}

/** The new token, shown once. Closing this box forgets it: the server keeps only its hash. */
export function TokenReveal({ created, onDone }: { created: TCreatedToken; onDone: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);
  return (
    <section
      aria-label="New API token"
      className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/50"
    >
      <p className="text-sm font-medium">
        Copy the token “{created.name}” now: it is shown only this once and cannot be read again.
      </p>
      <div className="flex gap-2">
        <label htmlFor="new-token" className="sr-only">
          New API token
        </label>
        <input
          id="new-token"
          ref={inputRef}
          readOnly
          value={created.token}
          onFocus={(e) => e.target.select()}
          className={`${inputClass} font-mono text-xs`}
        />
        <Button
          variant="primary"
          onClick={async () =>
            setCopied((await copyText(created.token, inputRef.current)) ? 'yes' : 'select')
          }
        >
          Copy
        </Button>
      </div>
      <p className="text-xs text-muted" aria-live="polite">
        {copied === 'yes'
          ? 'Copied to the clipboard.'
          : copied === 'select'
            ? 'The clipboard is not available here: the token is selected, press Ctrl+C.'
            : `Role ${created.role}${created.expiresAt ? `, expires ${created.expiresAt.slice(0, 10)}` : ', does not expire'}. Send it as Authorization: Bearer <token>.`}
      </p>
      <div>
        <Button size="sm" onClick={onDone}>
          I have copied it
        </Button>
      </div>
    </section>
  );
}

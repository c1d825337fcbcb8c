'use client';

import { useId, useState } from 'react';
import { parseTimeInput } from '@/lib/logs/time';
import { Button } from '../ui/button';
import { inputClass } from '../ui/field';

/** "Jump to a time": a typed time (in the zone the viewer shows) becomes a time key for `onJump`. */
export function TimeJump({ utc, onJump }: { utc: boolean; onJump: (key: string) => void }) {
  const id = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const go = () => {
    const parsed = parseTimeInput(value, utc);
    setError(parsed.error);
    if (parsed.key) onJump(parsed.key);
  };
  return (
    <form
      className="flex items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        go();
      }}
    >
      <label htmlFor={id} className="whitespace-nowrap text-xs text-muted">
        Jump to
      </label>
      <input
        id={id}
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
        placeholder={utc ? '03:00 UTC' : '03:00 or 2026-11-26 03:00'}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`${inputClass} w-44 py-0.5 font-mono text-xs`}
        autoComplete="off"
        spellCheck={false}
        data-testid="log-jump"
      />
      <Button size="sm" type="submit">
        Go
      </Button>
      {error ? (
        <span id={`${id}-error`} role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </form>
  );
}

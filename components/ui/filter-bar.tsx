'use client';

import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import { Button, Spinner } from './button';
import { inputClass } from './field';

/**
 * A list's search input; Escape clears it. Given `inputRef` (which the caller wires to
 * useSlashFocus), it shows a `/` hint while empty; `busy` shows a spinner there instead.
 */
export function SearchBox({
  id,
  inputRef,
  label,
  placeholder,
  value,
  onChange,
  onKeyDown,
  busy = false,
  className = 'w-80 max-w-full',
}: {
  id: string;
  inputRef?: RefObject<HTMLInputElement | null>;
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  /** Keys besides Escape, such as a move into the results. */
  onKeyDown?: (event: KeyboardEvent<HTMLInputElement>) => void;
  busy?: boolean;
  /** The width of the box. */
  className?: string;
}) {
  const hint = busy || inputRef !== undefined;
  return (
    <div className={`relative ${className}`}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onChange('');
          onKeyDown?.(e);
        }}
        placeholder={placeholder}
        className={hint ? `${inputClass} pr-7` : inputClass}
        autoComplete="off"
        spellCheck={false}
      />
      {busy ? (
        <Spinner className="absolute top-2 right-2 text-muted" />
      ) : value || !hint ? null : (
        <span
          aria-hidden="true"
          className="absolute top-1.5 right-2 rounded border border-line px-1 font-mono text-[10px] text-muted"
        >
          /
        </span>
      )}
    </div>
  );
}

/** Buttons that pick one of a few filters, the chosen one pressed, each with how many it would show. */
export function FilterButtons<K extends string>({
  legend,
  options,
  value,
  onChange,
  labelOf,
  counts,
  disableEmpty = false,
}: {
  /** Names the group for screen readers. */
  legend: string;
  options: readonly K[];
  value: K;
  onChange: (value: K) => void;
  labelOf: (option: K) => ReactNode;
  counts: Record<K, number>;
  /** Disables a filter that would show nothing, unless it is the chosen one. */
  disableEmpty?: boolean;
}) {
  return (
    <fieldset className="flex items-center gap-1">
      <legend className="sr-only">{legend}</legend>
      {options.map((o) => (
        <Button
          key={o}
          size="sm"
          variant={value === o ? 'primary' : 'secondary'}
          aria-pressed={value === o}
          disabled={disableEmpty && counts[o] === 0 && value !== o}
          onClick={() => onChange(o)}
        >
          {labelOf(o)}
          <span className="tabular opacity-75">{counts[o]}</span>
        </Button>
      ))}
    </fieldset>
  );
}

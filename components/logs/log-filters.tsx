'use client';

import { type RefObject, useId } from 'react';
import type { TStreamFilter } from '@/lib/logs/filter';
import { LEVELS, type TLogLevel } from '@/lib/logs/levels';
import { Button } from '../ui/button';
import { inputClass } from '../ui/field';

const selectClass = `${inputClass} w-auto py-0.5 text-xs`;

/** Text search with next/previous (Enter / Shift+Enter) and how many lines match. */
export function SearchInput({
  inputRef,
  value,
  onChange,
  onStep,
  matches,
  current,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onChange: (value: string) => void;
  onStep: (direction: 1 | -1) => void;
  matches: number;
  /** The 1-based position of the current match, 0 when none is chosen. */
  current: number;
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-1">
      <label htmlFor={id} className="sr-only">
        Search the log
      </label>
      <div className="relative">
        <input
          id={id}
          ref={inputRef}
          type="text"
          value={value}
          placeholder="Search  ( / )"
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              onStep(e.shiftKey ? -1 : 1);
            } else if (e.key === 'Escape') onChange('');
          }}
          className={`${inputClass} w-56 py-0.5 pr-16 text-xs`}
          autoComplete="off"
          spellCheck={false}
          data-testid="log-search"
        />
        {value ? (
          <span
            className="absolute top-1 right-2 text-[11px] tabular-nums text-muted"
            aria-live="polite"
            data-testid="log-search-count"
          >
            {matches === 0 ? 'no match' : `${current || '–'}/${matches}`}
          </span>
        ) : null}
      </div>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => onStep(-1)}
        disabled={matches === 0}
        title="Previous match (Shift+Enter)"
        aria-label="Previous match"
      >
        ↑
      </Button>
      <Button
        size="sm"
        variant="ghost"
        onClick={() => onStep(1)}
        disabled={matches === 0}
        title="Next match (Enter)"
        aria-label="Next match"
      >
        ↓
      </Button>
    </div>
  );
}

/** The regex filter: only lines that match stay; an invalid pattern says why, beside the input. */
export function RegexInput({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | null;
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="text-xs text-muted">
        Filter
      </label>
      <input
        id={id}
        type="text"
        value={value}
        placeholder="regex, e.g. timeout|5\d\d"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onChange('');
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className={`${inputClass} w-56 py-0.5 font-mono text-xs`}
        autoComplete="off"
        spellCheck={false}
        data-testid="log-regex"
      />
      {error ? (
        <span
          id={`${id}-error`}
          role="alert"
          className="max-w-64 truncate text-xs text-red-700 dark:text-red-400"
          title={error}
        >
          Invalid regex: {error}
        </span>
      ) : null}
    </div>
  );
}

export function StreamSelect({
  value,
  onChange,
}: {
  value: TStreamFilter;
  onChange: (v: TStreamFilter) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="text-xs text-muted">
        Stream
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value as TStreamFilter)}
        className={selectClass}
      >
        <option value="all">stdout + stderr</option>
        <option value="stdout">stdout</option>
        <option value="stderr">stderr</option>
      </select>
    </div>
  );
}

const LEVEL_OPTION: Record<TLogLevel, string> = {
  error: 'errors',
  warn: 'warnings and worse',
  info: 'info and worse',
  debug: 'debug and worse',
  trace: 'any level',
};

export function LevelSelect({
  value,
  onChange,
}: {
  value: TLogLevel | null;
  onChange: (v: TLogLevel | null) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="text-xs text-muted">
        Level
      </label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value ? (e.target.value as TLogLevel) : null)}
        className={selectClass}
        title="Lines whose level is not known are hidden while a level is chosen"
      >
        <option value="">all lines</option>
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {LEVEL_OPTION[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A pressed-or-not button for a view setting. */
export function Toggle({
  pressed,
  onChange,
  children,
  title,
}: {
  pressed: boolean;
  onChange: (pressed: boolean) => void;
  children: React.ReactNode;
  title?: string;
}) {
  return (
    <Button
      size="sm"
      variant={pressed ? 'primary' : 'secondary'}
      aria-pressed={pressed}
      onClick={() => onChange(!pressed)}
      title={title}
    >
      {children}
    </Button>
  );
}

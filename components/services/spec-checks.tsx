'use client';

import { useState } from 'react';
import type { THostSummary } from '@/lib/types/fleet';
import { inputClass } from '../ui/field';
import { StatusDot } from '../ui/status-dot';

function toggle(list: string[], name: string, on: boolean): string[] {
  return on ? (list.includes(name) ? list : [...list, name]) : list.filter((x) => x !== name);
}

const boxClass = 'flex max-w-full items-center gap-1.5 rounded border border-line px-2 py-1 text-sm';

/** The fleet's hosts as checkboxes, each with whether it answers; a chosen host that is gone still shows. */
export function HostChecks({
  hosts,
  loading,
  error,
  selected,
  onChange,
}: {
  hosts: THostSummary[];
  loading: boolean;
  error: Error | null;
  selected: string[];
  onChange: (hosts: string[]) => void;
}) {
  const known = new Set(hosts.flatMap((h) => [h.name, h.id]));
  const unknown = selected.filter((s) => !known.has(s));
  if (loading) return <p className="text-sm text-muted">Reading the fleet's hosts…</p>;
  return (
    <div className="flex flex-col gap-2">
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          The host list could not be read ({error.message}); hosts already chosen are kept.
        </p>
      ) : null}
      {hosts.length === 0 && !error ? (
        <p className="text-sm text-muted">No hosts yet: an admin adds them under Hosts.</p>
      ) : null}
      <ul className="flex flex-wrap gap-2">
        {hosts.map((h) => (
          <li key={h.id}>
            <label
              className={boxClass}
              title={h.status === 'up' ? `${h.name} answers` : `${h.name} is ${h.status}`}
            >
              <input
                type="checkbox"
                checked={selected.includes(h.name) || selected.includes(h.id)}
                onChange={(e) =>
                  onChange(
                    toggle(
                      selected.filter((s) => s !== h.id),
                      h.name,
                      e.target.checked,
                    ),
                  )
                }
              />
              <StatusDot tone={h.status === 'up' ? 'ok' : 'bad'} />
              <span className="truncate">{h.name}</span>
              {h.status === 'up' ? null : <span className="text-xs text-muted">({h.status})</span>}
            </label>
          </li>
        ))}
        {unknown.map((name) => (
          <li key={name}>
            <label className={boxClass}>
              <input type="checkbox" checked onChange={() => onChange(toggle(selected, name, false))} />
              <span className="truncate">{name}</span>
              <span className="text-xs text-amber-700 dark:text-amber-300">not in the fleet</span>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Names as checkboxes; a chosen name that is not offered still shows, so it can be unticked. */
export function NameChecks({
  names,
  selected,
  onChange,
  empty,
}: {
  names: string[];
  selected: string[];
  onChange: (names: string[]) => void;
  empty: string;
}) {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const all = [...selected, ...names.filter((n) => !selected.includes(n))];
  if (all.length === 0) return <p className="text-sm text-muted">{empty}</p>;
  const shown = all.filter((n) => selected.includes(n) || !q || n.toLowerCase().includes(q));
  return (
    <div className="flex flex-col gap-2">
      {all.length > 12 ? (
        <input
          type="search"
          aria-label="Filter services"
          placeholder={`Filter ${names.length} services…`}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setQuery('');
          }}
          className={`${inputClass} max-w-xs`}
        />
      ) : null}
      <ul className="flex max-h-48 flex-wrap gap-2 overflow-y-auto">
        {shown.map((name) => (
          <li key={name}>
            <label className={boxClass}>
              <input
                type="checkbox"
                checked={selected.includes(name)}
                onChange={(e) => onChange(toggle(selected, name, e.target.checked))}
              />
              <span className="max-w-64 truncate" title={name}>
                {name}
              </span>
              {names.includes(name) ? null : (
                <span className="text-xs text-amber-700 dark:text-amber-300">no such service</span>
              )}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}

'use client';

import type { THostSummary } from '@/lib/types/fleet';

/** Picks which host a page shows; a host that is not up says so in its name. */
export function HostPicker({
  id,
  hosts,
  value,
  onChange,
  allLabel,
}: {
  id: string;
  /** Undefined while the hosts load: the picker shows, disabled, so the page does not shift. */
  hosts: THostSummary[] | undefined;
  value: string;
  onChange: (host: string) => void;
  /** Offers "every host" as the empty choice. */
  allLabel?: string;
}) {
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-muted">
        Host
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={!hosts}
        className="max-w-64 rounded-md border border-line bg-bg px-2 py-1 text-sm"
      >
        {!hosts ? (
          <option value="">Loading hosts…</option>
        ) : allLabel ? (
          <option value="">{allLabel}</option>
        ) : value === '' ? (
          <option value="">Choose a host…</option>
        ) : null}
        {hosts?.map((h) => (
          <option key={h.id} value={h.name}>
            {h.status === 'up' ? h.name : `${h.name} (${h.status})`}
          </option>
        ))}
      </select>
    </div>
  );
}

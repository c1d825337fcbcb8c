'use client';

import { type FormEvent, useState } from 'react';
import { AUDIT_RESULTS, type TAuditFilters, type TAuditResult } from '@/lib/queries/audit';
import { Button } from '../ui/button';
import { SelectField, TextField } from '../ui/field';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ISO time → the `YYYY-MM-DDTHH:mm` a datetime-local input shows, in the browser's time zone. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const PRESETS = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
] as const;

export function AuditFilters({
  filters,
  onApply,
}: {
  filters: TAuditFilters;
  onApply: (f: TAuditFilters) => void;
}) {
  const [actor, setActor] = useState(filters.actor ?? '');
  const [action, setAction] = useState(filters.action ?? '');
  const [target, setTarget] = useState(filters.target ?? '');
  const [result, setResult] = useState<TAuditResult | ''>(filters.result ?? '');
  const [since, setSince] = useState(toLocalInput(filters.since));
  const [until, setUntil] = useState(toLocalInput(filters.until));

  const collect = (overrides: Partial<{ since: string; until: string }> = {}): TAuditFilters => ({
    actor: actor.trim() || undefined,
    action: action.trim() || undefined,
    target: target.trim() || undefined,
    result: result || undefined,
    since: fromLocalInput(overrides.since ?? since),
    until: fromLocalInput(overrides.until ?? until),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply(collect());
  }

  function clear() {
    setActor('');
    setAction('');
    setTarget('');
    setResult('');
    setSince('');
    setUntil('');
    onApply({});
  }

  return (
    <form
      onSubmit={onSubmit}
      aria-label="Audit filters"
      className="flex flex-col gap-2 rounded-lg border border-line bg-surface p-3"
    >
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <TextField
          label="Actor"
          value={actor}
          onChange={(e) => setActor(e.target.value)}
          placeholder="exact user name"
        />
        <TextField
          label="Action"
          value={action}
          onChange={(e) => setAction(e.target.value)}
          placeholder="e.g. containers.action"
        />
        <TextField
          label="Target"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          placeholder="e.g. host:fleet-a"
        />
        <SelectField
          label="Result"
          value={result}
          onChange={(e) => setResult(e.target.value as TAuditResult | '')}
        >
          <option value="">any</option>
          {AUDIT_RESULTS.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Since"
          type="datetime-local"
          value={since}
          onChange={(e) => setSince(e.target.value)}
        />
        <TextField
          label="Until"
          type="datetime-local"
          value={until}
          onChange={(e) => setUntil(e.target.value)}
        />
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" size="sm">
          Apply filters
        </Button>
        <Button size="sm" onClick={clear}>
          Clear
        </Button>
        <span className="ml-2 text-xs text-muted">Quick range:</span>
        {PRESETS.map((p) => (
          <Button
            key={p.label}
            size="sm"
            variant="ghost"
            onClick={() => {
              const from = toLocalInput(new Date(Date.now() - p.ms).toISOString());
              setSince(from);
              setUntil('');
              onApply(collect({ since: from, until: '' }));
            }}
          >
            {p.label}
          </Button>
        ))}
      </div>
    </form>
  );
}

'use client';

import { PORT_PROTOS } from '@/lib/schemas/ports';
import { SECRET_MASK } from '@/lib/types/releases';
import { Button } from '../ui/button';
import { inputClass } from '../ui/field';
import {
  type EnvRow,
  emptyPort,
  emptyVolume,
  errorAt,
  type PortRow,
  rowId,
  type SecretRow,
  type SpecErrors,
  type VolumeRow,
} from './service-form-model';

const cell = `${inputClass} font-mono text-xs`;

function RowError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return <p className="col-span-full text-xs text-red-700 dark:text-red-400">{message}</p>;
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button size="sm" variant="ghost" onClick={onClick} aria-label={label} title={label}>
      ✕
    </Button>
  );
}

type RowsProps<R> = {
  rows: R[];
  errors: SpecErrors;
  onChange: (rows: R[]) => void;
};

function replace<R extends { id: string }>(rows: R[], id: string, change: Partial<R>): R[] {
  return rows.map((r) => (r.id === id ? { ...r, ...change } : r));
}

/** Plain environment variables as name and value rows. */
export function EnvRows({ rows, errors, onChange }: RowsProps<EnvRow>) {
  return (
    <div className="flex flex-col gap-1.5">
      {rows.map((r, i) => (
        <div key={r.id} className="grid grid-cols-[minmax(8rem,14rem)_1fr_auto] items-center gap-1.5">
          <input
            aria-label={`Name of variable ${i + 1}`}
            className={cell}
            value={r.key}
            placeholder="LOG_LEVEL"
            spellCheck={false}
            aria-invalid={Boolean(errorAt(errors, `env.${r.key}`)) || undefined}
            onChange={(e) => onChange(replace(rows, r.id, { key: e.target.value }))}
          />
          <input
            aria-label={`Value of ${r.key || `variable ${i + 1}`}`}
            className={cell}
            value={r.value}
            placeholder="info"
            spellCheck={false}
            onChange={(e) => onChange(replace(rows, r.id, { value: e.target.value }))}
          />
          <RemoveButton
            label={`Remove ${r.key || `variable ${i + 1}`}`}
            onClick={() => onChange(rows.filter((x) => x.id !== r.id))}
          />
          <RowError message={r.key ? errorAt(errors, `env.${r.key}`) : undefined} />
        </div>
      ))}
      <div>
        <Button size="sm" onClick={() => onChange([...rows, { id: rowId(), key: '', value: '' }])}>
          Add variable
        </Button>
      </div>
    </div>
  );
}

/**
 * Secret variables. A saved value shows as the mask and is never sent back to the browser; typing
 * replaces it, and leaving the mask keeps the saved value.
 */
export function SecretRows({ rows, errors, onChange }: RowsProps<SecretRow>) {
  return (
    <div className="flex flex-col gap-1.5">
      {rows.map((r, i) => {
        const kept = r.saved && r.value === SECRET_MASK;
        return (
          <div key={r.id} className="grid grid-cols-[minmax(8rem,14rem)_1fr_auto] items-center gap-1.5">
            <input
              aria-label={`Name of secret ${i + 1}`}
              className={cell}
              value={r.key}
              placeholder="DB_PASSWORD"
              spellCheck={false}
              onChange={(e) => onChange(replace(rows, r.id, { key: e.target.value }))}
            />
            <div className="flex min-w-0 items-center gap-2">
              <input
                aria-label={`Value of secret ${r.key || i + 1}`}
                type="password"
                autoComplete="new-password"
                className={cell}
                value={r.value}
                placeholder={r.saved ? 'type to replace the saved value' : 'value'}
                onFocus={(e) => {
                  if (kept) e.target.select();
                }}
                onChange={(e) => onChange(replace(rows, r.id, { value: e.target.value }))}
              />
              {r.saved ? (
                <span className="shrink-0 text-xs text-muted">{kept ? 'saved value kept' : 'replaced'}</span>
              ) : null}
              {r.saved && !kept ? (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => onChange(replace(rows, r.id, { value: SECRET_MASK }))}
                >
                  Keep saved
                </Button>
              ) : null}
            </div>
            <RemoveButton
              label={`Remove secret ${r.key || i + 1}`}
              onClick={() => onChange(rows.filter((x) => x.id !== r.id))}
            />
            <RowError message={r.key ? errorAt(errors, `secretEnv.${r.key}`) : undefined} />
          </div>
        );
      })}
      <div>
        <Button
          size="sm"
          onClick={() => onChange([...rows, { id: rowId(), key: '', value: '', saved: false }])}
        >
          Add secret
        </Button>
      </div>
    </div>
  );
}

/** Published ports: host port, container port, protocol and the host address to bind. */
export function PortRows({ rows, errors, onChange }: RowsProps<PortRow>) {
  return (
    <div className="flex flex-col gap-1.5">
      {rows.length > 0 ? (
        <div className="grid grid-cols-[6rem_6rem_5.5rem_1fr_auto] gap-1.5 text-xs text-muted">
          <span>Host port</span>
          <span>Container</span>
          <span>Protocol</span>
          <span>Host address (empty: all)</span>
          <span className="w-7" />
        </div>
      ) : null}
      {rows.map((r, i) => (
        <div key={r.id} className="grid grid-cols-[6rem_6rem_5.5rem_1fr_auto] items-center gap-1.5">
          <input
            aria-label={`Host port of port ${i + 1}`}
            inputMode="numeric"
            className={cell}
            value={r.host}
            placeholder="8080"
            aria-invalid={Boolean(errorAt(errors, `ports.${i}.host`)) || undefined}
            onChange={(e) => onChange(replace(rows, r.id, { host: e.target.value }))}
          />
          <input
            aria-label={`Container port of port ${i + 1}`}
            inputMode="numeric"
            className={cell}
            value={r.container}
            placeholder="8080"
            aria-invalid={Boolean(errorAt(errors, `ports.${i}.container`)) || undefined}
            onChange={(e) => onChange(replace(rows, r.id, { container: e.target.value }))}
          />
          <select
            aria-label={`Protocol of port ${i + 1}`}
            className={cell}
            value={r.proto}
            onChange={(e) => onChange(replace(rows, r.id, { proto: e.target.value }))}
          >
            {PORT_PROTOS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
          <input
            aria-label={`Host address of port ${i + 1}`}
            className={cell}
            value={r.hostIp}
            placeholder="0.0.0.0"
            onChange={(e) => onChange(replace(rows, r.id, { hostIp: e.target.value }))}
          />
          <RemoveButton
            label={`Remove port ${i + 1}`}
            onClick={() => onChange(rows.filter((x) => x.id !== r.id))}
          />
          <RowError message={errorAt(errors, `ports.${i}`)} />
        </div>
      ))}
      <RowError message={errors.ports} />
      <div>
        <Button size="sm" onClick={() => onChange([...rows, emptyPort()])}>
          Add port
        </Button>
      </div>
    </div>
  );
}

/** Named volumes, each with where it is mounted and whether it is backed up before each deploy. */
export function VolumeRows({ rows, errors, onChange }: RowsProps<VolumeRow>) {
  return (
    <div className="flex flex-col gap-1.5">
      {rows.map((r, i) => (
        <div
          key={r.id}
          className="grid grid-cols-[minmax(8rem,1fr)_minmax(8rem,1fr)_auto_auto_auto] items-center gap-1.5"
        >
          <input
            aria-label={`Name of volume ${i + 1}`}
            className={cell}
            value={r.name}
            placeholder="shop-data"
            spellCheck={false}
            onChange={(e) => onChange(replace(rows, r.id, { name: e.target.value }))}
          />
          <input
            aria-label={`Mount path of volume ${i + 1}`}
            className={cell}
            value={r.target}
            placeholder="/data"
            spellCheck={false}
            onChange={(e) => onChange(replace(rows, r.id, { target: e.target.value }))}
          />
          <label className="flex items-center gap-1 text-xs whitespace-nowrap">
            <input
              type="checkbox"
              checked={r.backup}
              onChange={(e) => onChange(replace(rows, r.id, { backup: e.target.checked }))}
            />
            Back up before deploy
          </label>
          <label className="flex items-center gap-1 text-xs whitespace-nowrap">
            <input
              type="checkbox"
              checked={r.readOnly}
              onChange={(e) => onChange(replace(rows, r.id, { readOnly: e.target.checked }))}
            />
            read-only
          </label>
          <RemoveButton
            label={`Remove volume ${r.name || i + 1}`}
            onClick={() => onChange(rows.filter((x) => x.id !== r.id))}
          />
          {r.driver || r.driverOpts ? (
            <p className="col-span-full text-xs text-muted">
              Created with driver {r.driver ?? 'local'}
              {r.driverOpts
                ? ` and options ${Object.entries(r.driverOpts)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(' ')}`
                : ''}{' '}
              when missing (edit in YAML).
            </p>
          ) : null}
          <RowError message={errorAt(errors, `volumes.${i}`)} />
        </div>
      ))}
      <div>
        <Button size="sm" onClick={() => onChange([...rows, emptyVolume()])}>
          Add volume
        </Button>
      </div>
    </div>
  );
}

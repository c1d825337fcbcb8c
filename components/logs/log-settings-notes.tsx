'use client';

import Link from 'next/link';
import { plural } from '@/lib/format';
import { useFleetLogSettings, useHostLogSettings } from '@/lib/queries/logs';

/** Names listed before "and N more". */
const NAMES_SHOWN = 8;
const NOTE =
  'rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-200';

/** On a host's page: its containers whose logs grow without limit, or that Wharf cannot read. */
export function HostLogSettingsNote({ hostRef }: { hostRef: string }) {
  const { data } = useHostLogSettings(hostRef);
  if (!data) return null;
  const unbounded = data.containers.filter((c) => c.unbounded);
  const unreadable = data.containers.filter((c) => !c.readable.readable);
  if (unbounded.length === 0 && unreadable.length === 0) return null;
  const link = (name: string) => (
    <Link
      key={name}
      href={`/hosts/${encodeURIComponent(hostRef)}/containers/${encodeURIComponent(name)}`}
      className="font-mono underline"
    >
      {name}
    </Link>
  );
  return (
    <div role="note" className={`${NOTE} flex flex-col gap-1`} data-testid="host-log-settings">
      {unbounded.length ? (
        <p>
          <strong>Unbounded logs:</strong> {plural(unbounded.length, 'container')} log with json-file and no
          max-size, so their log files grow until the disk is full:{' '}
          {unbounded.slice(0, NAMES_SHOWN).flatMap((c, i) => (i ? [', ', link(c.name)] : [link(c.name)]))}
          {unbounded.length > NAMES_SHOWN ? ` and ${unbounded.length - NAMES_SHOWN} more` : ''}.
        </p>
      ) : null}
      {unreadable.length ? (
        <p>
          <strong>Logs Wharf cannot read:</strong>{' '}
          {unreadable.flatMap((c, i) => [
            i ? '; ' : '',
            link(c.name),
            ` (${c.readable.message ?? c.driver})`,
          ])}
          .
        </p>
      ) : null}
    </div>
  );
}

/** On the overview: how many containers per host have unbounded or unreadable logs. */
export function FleetLogSettingsNote() {
  const { data } = useFleetLogSettings();
  const hosts = (data?.hosts ?? []).filter((h) => h.ok && (h.unbounded > 0 || h.unreadable > 0));
  if (hosts.length === 0) return null;
  const total = hosts.reduce((n, h) => n + h.unbounded, 0);
  return (
    <p role="note" className={NOTE} data-testid="fleet-log-settings">
      <strong>Logs:</strong> {plural(total, 'container')} with unbounded logs (json-file without max-size)
      {' — '}
      {hosts.map((h, i) => (
        <span key={h.host.id}>
          {i ? ', ' : ''}
          <Link href={`/hosts/${encodeURIComponent(h.host.name)}`} className="underline">
            {h.host.name}
          </Link>{' '}
          {h.unbounded}
          {h.unreadable ? ` (+${h.unreadable} unreadable)` : ''}
        </span>
      ))}
      .
    </p>
  );
}

import Link from 'next/link';
import type { TVolume, TVolumeProtection, TVolumeUser } from '@/lib/types/volumes';
import { Badge } from '../ui/badge';
import { protectionTitle } from './volume-list-model';

export function LockIcon({ className = 'size-3.5' }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={className} fill="none" stroke="currentColor">
      <rect x="3" y="7" width="10" height="7" rx="1.5" strokeWidth="1.4" />
      <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" strokeWidth="1.4" />
    </svg>
  );
}

/** A lock with the reason in its title; screen readers hear "protected" and the reason. */
export function ProtectionMark({ protection }: { protection: TVolumeProtection }) {
  if (!protection.protected) return <span className="text-xs text-muted">—</span>;
  return (
    <span
      className="inline-flex max-w-36 items-center gap-1 text-amber-800 dark:text-amber-300"
      title={protectionTitle(protection)}
      data-testid="protected-mark"
    >
      <LockIcon className="size-3.5 shrink-0" />
      <span className="sr-only">protected:</span>
      <span className="truncate text-xs">
        {protection.source === 'label' ? 'by label' : protection.reason}
      </span>
    </span>
  );
}

function containerHref(hostRef: string, name: string): string {
  return `/hosts/${encodeURIComponent(hostRef)}/containers/${encodeURIComponent(name)}`;
}

export function DataOnlyBadge() {
  return (
    <Badge tone="info" title="A created or exited container that exists to hold volumes">
      data-only
    </Badge>
  );
}

function userTitle(u: TVolumeUser): string {
  return `${u.name} (${u.state}${u.dataOnly ? ', data-only' : ''}) at ${u.destination}${u.readOnly ? ' read-only' : ''}`;
}

const STATE_TEXT: Record<string, string> = {
  running: 'text-emerald-700 dark:text-emerald-400',
  restarting: 'text-amber-700 dark:text-amber-400',
  paused: 'text-amber-700 dark:text-amber-400',
};

/** The containers that mount a volume, each with its state; holders are marked data-only. */
export function UsersCell({ volume, max = 1 }: { volume: TVolume; max?: number }) {
  if (volume.users.length === 0)
    return <span className="text-xs text-muted">{volume.orphan ? 'none (orphan)' : 'none'}</span>;
  const shown = volume.users.slice(0, max);
  const rest = volume.users.length - shown.length;
  return (
    <span className="flex min-w-0 items-center gap-1.5" title={volume.users.map(userTitle).join('\n')}>
      {shown.map((u) => (
        <span key={u.id} className="inline-flex min-w-0 items-center gap-1">
          <Link
            href={containerHref(volume.host.name, u.name)}
            tabIndex={-1}
            className="truncate text-xs hover:underline"
          >
            {u.name}
          </Link>
          <span className={`text-[11px] ${STATE_TEXT[u.state] ?? 'text-muted'}`}>{u.state}</span>
          {u.dataOnly ? <DataOnlyBadge /> : null}
        </span>
      ))}
      {rest > 0 ? <span className="shrink-0 text-xs text-muted">+{rest}</span> : null}
    </span>
  );
}

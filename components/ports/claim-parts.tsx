import Link from 'next/link';
import type { TPortClaim, TPortHolder } from '@/lib/types/ports';
import { Badge, type BadgeTone, StateBadge } from '../ui/badge';
import { addressLabel, addressTitle, STATE_HELP } from './claims-model';

export function containerHref(hostRef: string, name: string): string {
  return `/hosts/${encodeURIComponent(hostRef)}/containers/${encodeURIComponent(name)}`;
}

const STATE_TONE: Record<TPortClaim['state'], BadgeTone> = { bound: 'ok', claimed: 'warn', reserved: 'info' };

/** Bound, claimed or reserved, with what that means on hover. */
export function ClaimStateBadge({ state }: { state: TPortClaim['state'] }) {
  return (
    <Badge tone={STATE_TONE[state]} title={STATE_HELP[state]}>
      {state}
    </Badge>
  );
}

/** Whether the host port was asked for or picked by the engine. */
export function ChosenBadge({ chosen }: { chosen: TPortClaim['chosen'] }) {
  if (chosen === null) return <span className="text-muted">—</span>;
  return chosen === 'random' ? (
    <Badge
      tone="warn"
      title="The engine picked this host port (-P or an empty host port); it changes when the container is recreated"
    >
      random
    </Badge>
  ) : (
    <Badge title="The host port was asked for in the container's spec">spec</Badge>
  );
}

export function AddressText({ claim }: { claim: Pick<TPortClaim, 'scope' | 'hostIp'> }) {
  const label = addressLabel(claim);
  return (
    <span
      title={addressTitle(claim)}
      className={claim.scope === 'specific' ? 'font-mono text-xs break-all' : ''}
    >
      {claim.scope === 'all' ? <span className="text-muted">all</span> : label}
    </span>
  );
}

/** The container (a link to its page, with its state), or the reservation's note and who made it. */
export function HolderText({ holder, hostRef }: { holder: TPortHolder; hostRef: string }) {
  switch (holder.kind) {
    case 'container':
      return (
        <span className="inline-flex min-w-0 flex-wrap items-center gap-1">
          <Link
            href={containerHref(hostRef, holder.name)}
            className="font-medium break-all text-accent hover:underline"
            data-testid="claim-holder"
          >
            {holder.name}
          </Link>
          {holder.state !== 'running' ? <StateBadge state={holder.state} /> : null}
        </span>
      );
    case 'reservation':
      return (
        <span className="min-w-0 break-words" data-testid="claim-holder">
          <span className="text-muted">reserved: </span>
          {holder.note}
          <span className="text-xs text-muted"> · by {holder.by}</span>
        </span>
      );
    case 'spec':
      return (
        <span className="min-w-0 break-words" data-testid="claim-holder">
          <span className="text-muted">spec: </span>
          {holder.name}
        </span>
      );
  }
}

/** `18180 → 8080/tcp`: the host port and where it leads inside the container. */
export function PortText({ claim }: { claim: TPortClaim }) {
  return (
    <span className="font-mono text-xs whitespace-nowrap tabular-nums">
      <span className="font-semibold">{claim.port}</span>
      {claim.containerPort !== null ? <span className="text-muted"> → {claim.containerPort}</span> : null}/
      {claim.proto}
    </span>
  );
}

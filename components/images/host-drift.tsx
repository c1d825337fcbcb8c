'use client';

import Link from 'next/link';
import { useFleetDrift } from '@/lib/queries/images';
import type { TEngineInfo } from '@/lib/types/fleet';
import type { TDriftCounts } from '@/lib/types/images';
import { DriftCountBadges } from './drift-badges';

function total(c: TDriftCounts): number {
  return c.alarm + c.warning + c.notice;
}

function driftHref(host?: string): string {
  return host ? `/images?drift=1&host=${encodeURIComponent(host)}` : '/images?drift=1';
}

/**
 * A host's image drift, read from the fleet image view on its own, so the card or header it sits in
 * never waits for it; nothing shows until it answers, and a failure stays quiet here.
 */
export function HostDriftBadge({ host }: { host: string }) {
  const { data } = useFleetDrift();
  const counts = data?.driftByHost[host];
  if (!counts) return null;
  if (total(counts) === 0) {
    return (
      <span className="text-xs text-muted" data-testid={`host-drift-${host}`}>
        no image drift
      </span>
    );
  }
  return (
    <Link
      href={driftHref(host)}
      className="inline-flex items-center gap-1 text-xs hover:underline"
      title={`Image drift on ${host}: see which tags`}
      data-testid={`host-drift-${host}`}
    >
      <span className="text-muted">Image drift</span>
      <DriftCountBadges counts={counts} />
    </Link>
  );
}

/** The fleet's image drift in total, for the overview. */
export function FleetDriftSummary() {
  const { data, error, isPending } = useFleetDrift();
  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-sm"
      data-testid="fleet-drift"
    >
      <span className="text-[11px] font-medium tracking-wide text-muted uppercase">Image drift</span>
      {isPending ? (
        <span className="text-xs text-muted">checking tags across hosts and registries…</span>
      ) : !data ? (
        <span className="text-xs text-red-700 dark:text-red-400" title={error?.message}>
          could not be read: {error?.message}
        </span>
      ) : (
        <>
          <DriftCountBadges counts={data.drift} showNone />
          {total(data.drift) > 0 ? (
            <Link href={driftHref()} className="text-xs text-accent hover:underline">
              {data.items.filter((i) => i.drift.length > 0).length} tags drift · see them
            </Link>
          ) : (
            <span className="text-xs text-muted">every tag means the same image on every host</span>
          )}
        </>
      )}
    </div>
  );
}

/** The engine's registry mirrors and insecure registries, which decide where pulls go and what is trusted. */
export function EngineRegistries({ engine }: { engine: TEngineInfo | undefined }) {
  if (!engine) return null;
  const mirrors = engine.registryMirrors ?? [];
  const insecure = engine.insecureRegistries ?? [];
  const list = (items: string[], empty: string) =>
    items.length ? (
      <ul className="flex flex-wrap gap-1">
        {items.map((m) => (
          <li
            key={m}
            className="max-w-72 truncate rounded border border-line bg-raised px-1.5 font-mono text-[11px]"
            title={m}
          >
            {m}
          </li>
        ))}
      </ul>
    ) : (
      <span className="text-muted">{empty}</span>
    );
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2" aria-label="Engine registries">
      <div className="min-w-0">
        <dt className="text-[11px] text-muted">Registry mirrors</dt>
        <dd>{list(mirrors, 'none: Docker Hub pulls go straight to Docker Hub')}</dd>
      </div>
      <div className="min-w-0">
        <dt
          className="text-[11px] text-muted"
          title="Registries this engine reaches over plain HTTP or without verifying TLS"
        >
          Insecure registries
        </dt>
        <dd>{list(insecure, 'none')}</dd>
      </div>
    </dl>
  );
}

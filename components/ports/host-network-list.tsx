import Link from 'next/link';
import type { THostNetworkContainer } from '@/lib/types/ports';
import { StateBadge } from '../ui/badge';
import { containerHref } from './claim-parts';

/**
 * Containers on the host network, apart from the map: they share the host's ports, so nothing
 * isolates them and the engine cannot say which ports they bind. Their EXPOSE ports are only hints.
 */
export function HostNetworkList({
  hostRef,
  containers,
  total,
}: {
  hostRef: string;
  containers: THostNetworkContainer[];
  /** How many there are before the search, to say when the search hides some. */
  total: number;
}) {
  if (total === 0) return null;
  return (
    <section
      aria-label="Containers on the host network"
      data-testid="host-network"
      className="flex flex-col gap-2 rounded-lg border border-amber-300 bg-amber-50/60 px-3 py-2 text-sm dark:border-amber-900 dark:bg-amber-950/30"
    >
      <h3 className="font-semibold">On the host network ({total})</h3>
      <p className="text-xs text-muted">
        These containers use the host’s own network stack: their ports are not isolated or published, so they
        are not on the map above and the engine cannot say which ports they bind. The exposed ports listed are
        only what the image declares, a hint of what they may take.
      </p>
      {containers.length === 0 ? (
        <p className="text-xs text-muted">None matches the search.</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {containers.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-2">
              <Link
                href={containerHref(hostRef, c.name)}
                className="font-medium break-all text-accent hover:underline"
              >
                {c.name}
              </Link>
              <StateBadge state={c.state} />
              {c.service ? <span className="text-xs text-muted">service {c.service}</span> : null}
              <span className="text-xs text-muted">
                {c.exposed.length > 0 ? (
                  <>
                    may bind{' '}
                    {c.exposed.map((e) => (
                      <code key={e} className="mr-1 rounded bg-raised px-1 font-mono">
                        {e}
                      </code>
                    ))}
                  </>
                ) : (
                  'declares no exposed port'
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

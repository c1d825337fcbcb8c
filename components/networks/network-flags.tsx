import Link from 'next/link';
import type { TNetworkFlag } from '@/lib/types/ports';
import { Badge, type BadgeTone } from '../ui/badge';
import { FLAG_HELP, FLAG_LABEL, groupFlags } from './networks-model';

const TONE: Record<TNetworkFlag['kind'], BadgeTone> = {
  'host-network': 'warn',
  'legacy-links': 'warn',
  'subnet-overlap': 'bad',
};

export function FlagBadge({ kind }: { kind: TNetworkFlag['kind'] }) {
  return (
    <Badge tone={TONE[kind]} title={FLAG_HELP[kind]}>
      {FLAG_LABEL[kind]}
    </Badge>
  );
}

type Flag = TNetworkFlag & { hosts?: string[] };

function Containers({ host, names }: { host: string | null; names: string[] }) {
  return (
    <>
      {names.map((c) =>
        host ? (
          <Link
            key={c}
            href={`/hosts/${encodeURIComponent(host)}/containers/${encodeURIComponent(c)}`}
            className="break-all text-accent hover:underline"
          >
            {c}
          </Link>
        ) : (
          <span key={c} className="break-all">
            {c}
          </span>
        ),
      )}
    </>
  );
}

/**
 * What deserves a look, each flag with its explanation in plain words and the containers, networks
 * and hosts it names. A warning raised on several hosts is listed once, with each host's containers.
 */
export function NetworkFlags({ flags, host }: { flags: Flag[]; host?: string }) {
  if (flags.length === 0) {
    return (
      <p className="text-sm text-muted" data-testid="network-flags-none">
        Nothing to flag: no container on the host network, no legacy links, no overlapping subnets.
      </p>
    );
  }
  return (
    <ul aria-label="Network flags" className="flex flex-col gap-2" data-testid="network-flags">
      {groupFlags(flags).map((g) => (
        <li
          key={`${g.kind}:${g.message}`}
          data-testid="network-flag"
          data-kind={g.kind}
          className="flex flex-col gap-1 rounded-md border border-line bg-surface px-3 py-2 text-sm"
        >
          <div className="flex flex-wrap items-baseline gap-2">
            <FlagBadge kind={g.kind} />
            {g.across ? <span className="text-xs font-medium">across hosts</span> : null}
            <p className="min-w-0 flex-1 break-words">{g.message}</p>
          </div>
          {g.on.some((o) => o.containers.length > 0) ? (
            <ul className="flex flex-col gap-0.5 text-xs">
              {g.on.map((o) => (
                <li key={o.host ?? ''} className="flex flex-wrap gap-x-2">
                  <span className="text-muted">{o.host ? `On ${o.host}:` : 'Containers:'}</span>
                  <Containers host={o.host ?? host ?? null} names={o.containers} />
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

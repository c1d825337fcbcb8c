import Link from 'next/link';
import { shortId } from '@/lib/format';
import type { TDrift } from '@/lib/types/images';
import { Badge } from '../ui/badge';
import { DRIFT_LABEL, SEVERITY_TONE, sortDrift } from './drift-badges';

const ADVICE: Record<TDrift['kind'], string> = {
  'hosts-differ':
    'Pull the tag again on the hosts that differ, or deploy by digest so every host runs the same image.',
  'registry-moved':
    'The registry now serves another image under this tag. Pull it again to follow, or pin the digest you run.',
  'sha-tag-moved':
    'A Git-SHA tag must never move: find who pushed over it, and deploy by digest until it is fixed.',
  'stale-container':
    'The container still runs the old image. Restart it through a release to pick up the new one.',
  'mutable-tag': 'Deploy a Git-SHA or version tag instead, so a push cannot change what runs.',
  'tag-policy': 'App images should carry Git-SHA tags; base and middleware images version tags.',
};

/** Each drift as a sentence, the hosts and containers it concerns, and what to do about it. */
export function DriftList({ drift }: { drift: TDrift[] }) {
  if (drift.length === 0) {
    return (
      <p className="text-sm text-muted">
        No drift: every host that has this tag has the same image, and it matches the registry where the
        registry is known.
      </p>
    );
  }
  return (
    <ul aria-label="Drift" className="flex flex-col gap-3">
      {sortDrift(drift).map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the same kind can appear twice
        <li key={`${d.kind}-${i}`} className="flex flex-col gap-1 text-sm" data-testid="drift-item">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={SEVERITY_TONE[d.severity]}>{d.severity}</Badge>
            <span className="font-medium">{DRIFT_LABEL[d.kind]}</span>
          </div>
          <p className="break-words">{d.message}</p>
          {d.hosts.length > 0 ? (
            <p className="text-xs text-muted">
              Hosts:{' '}
              {d.hosts.map((h, j) => (
                <span key={h}>
                  {j > 0 ? ', ' : ''}
                  <Link
                    href={`/hosts/${encodeURIComponent(h)}`}
                    className="text-fg underline"
                    data-testid="drift-host"
                  >
                    {h}
                  </Link>
                </span>
              ))}
            </p>
          ) : null}
          {d.containers && d.containers.length > 0 ? (
            <p className="text-xs text-muted">
              Containers:{' '}
              {d.containers.map((c, j) => (
                <span key={`${c.host}/${c.id}`}>
                  {j > 0 ? ', ' : ''}
                  <Link
                    href={`/hosts/${encodeURIComponent(c.host)}/containers/${encodeURIComponent(c.name)}`}
                    className="text-fg underline"
                  >
                    {c.name}
                  </Link>{' '}
                  on {c.host}
                </span>
              ))}
            </p>
          ) : null}
          {d.digests && d.digests.length > 0 ? (
            <p className="font-mono text-xs text-muted" title={d.digests.join('\n')}>
              {d.digests.map(shortId).join(' · ')}
            </p>
          ) : null}
          <p className="text-xs text-muted">{ADVICE[d.kind]}</p>
        </li>
      ))}
    </ul>
  );
}

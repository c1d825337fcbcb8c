'use client';

import Link from 'next/link';
import { useState } from 'react';
import { portsHref, useFleetPortConflicts } from '@/lib/queries/ports';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { CONFLICT_LABEL } from './conflicts-list';

/** Lists stay short on the overview; the rest opens on demand. */
const SHOW = 5;

/** The server's messages usually start with the host's name; others get it in front. */
function withHost(host: string, message: string): string {
  return message.startsWith(`${host}:`) ? message : `${host}: ${message}`;
}

/**
 * The fleet's port conflicts and the services published on different ports on different hosts, each
 * linking to the host's map; quiet when all is well, and honest about hosts that did not answer.
 */
export function FleetPortConflicts({ show = SHOW }: { show?: number }) {
  const { data, error, isPending } = useFleetPortConflicts();
  const [all, setAll] = useState(false);
  const down = data?.hosts.filter((h) => !h.ok) ?? [];
  const total = (data?.conflicts.length ?? 0) + (data?.inconsistencies.length ?? 0);
  const conflicts = all ? (data?.conflicts ?? []) : (data?.conflicts ?? []).slice(0, show);
  const left = Math.max(0, show - conflicts.length);
  const inconsistencies = all ? (data?.inconsistencies ?? []) : (data?.inconsistencies ?? []).slice(0, left);

  return (
    <section
      aria-label="Port conflicts across the fleet"
      data-testid="fleet-port-conflicts"
      className="flex flex-col gap-1 rounded-lg border border-line bg-surface px-3 py-2 text-sm"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-[11px] font-medium tracking-wide text-muted uppercase">Ports</span>
        {isPending ? (
          <span className="text-xs text-muted">checking every host’s ports…</span>
        ) : !data ? (
          <span className="text-xs text-red-700 dark:text-red-400">could not be read: {error?.message}</span>
        ) : total === 0 ? (
          <span className="text-xs text-muted" data-testid="no-port-conflicts">
            No port conflicts, and every service uses the same host port on each host
          </span>
        ) : (
          <>
            {data.conflicts.length > 0 ? (
              <Badge tone="bad">
                {data.conflicts.length === 1 ? '1 conflict' : `${data.conflicts.length} conflicts`}
              </Badge>
            ) : null}
            {data.inconsistencies.length > 0 ? (
              <Badge tone="warn">
                {data.inconsistencies.length === 1
                  ? '1 service on different ports'
                  : `${data.inconsistencies.length} services on different ports`}
              </Badge>
            ) : null}
          </>
        )}
        {data && total > show ? (
          <Button size="sm" variant="ghost" onClick={() => setAll((v) => !v)}>
            {all ? 'Show fewer' : show === 0 ? 'Show them' : `Show all ${total}`}
          </Button>
        ) : null}
        <Link href="/ports" className="ml-auto text-xs text-accent hover:underline">
          Port maps
        </Link>
        {down.length > 0 ? (
          <span className="basis-full text-xs text-red-700 dark:text-red-400">
            not read: {down.map((h) => (h.ok ? '' : withHost(h.host.name, h.error.message))).join('; ')}
          </span>
        ) : null}
      </div>
      {data && conflicts.length + inconsistencies.length > 0 ? (
        <ul className="flex flex-col gap-1">
          {conflicts.map((c) => (
            <li
              key={`${c.host.id}:${c.kind}:${c.port}/${c.proto}:${c.message}`}
              className="flex flex-wrap items-baseline gap-2"
            >
              <Badge tone="bad">{CONFLICT_LABEL[c.kind]}</Badge>
              <Link href={portsHref(c.host.name, c.port)} className="font-medium text-accent hover:underline">
                {c.host.name}
              </Link>
              <span className="min-w-0 flex-1 break-words">{c.message}</span>
            </li>
          ))}
          {inconsistencies.map((i) => (
            <li
              key={`${i.service}:${i.containerPort}/${i.proto}`}
              className="flex flex-wrap items-baseline gap-2"
            >
              <Badge tone="warn">different ports</Badge>
              <span className="min-w-0 flex-1 break-words">
                Service <strong>{i.service}</strong> publishes {i.containerPort}/{i.proto} on{' '}
                {i.hosts.map((h, n) => (
                  <span key={h.host.id}>
                    {n > 0 ? ', ' : ''}
                    <Link href={portsHref(h.host.name, h.ports[0])} className="text-accent hover:underline">
                      {h.host.name}
                    </Link>{' '}
                    {h.ports.join(', ')}
                  </span>
                ))}
                : ports should be fixed and the same on every host.
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

'use client';

import { useQueries } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { formatBytes, formatDateTime, shortId } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { hostImageHref, hostImagesQueryOptions, useFleetImages } from '@/lib/queries/images';
import type { TFleetImage, TImageUser } from '@/lib/types/images';
import { Facts, Mono } from '../containers/detail-parts';
import { Badge, StateBadge } from '../ui/badge';
import { Button, buttonClass } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { Section } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { TableFrame, TableHead, tableClass, tdClass } from '../ui/table';
import { DriftBadges, RoleLabel, TagKindBadge } from './drift-badges';
import { DriftList } from './drift-list';
import { displayRepository, outliers } from './fleet-images-model';
import { PullDialog } from './pull-dialog';
import { ReadProblems } from './read-problems';

function ContainerNames({ users }: { users: TImageUser[] | undefined }) {
  if (users === undefined) return <span className="text-muted">…</span>;
  if (users.length === 0) return <span className="text-muted">none</span>;
  return (
    <ul className="flex flex-wrap gap-1">
      {users.map((u) => (
        <li key={u.id} className="inline-flex items-center gap-1 text-xs" title={`${u.name} (${u.state})`}>
          <span className="max-w-40 truncate">{u.name}</span>
          <StateBadge state={u.state} />
        </li>
      ))}
    </ul>
  );
}

function HostsTable({ item }: { item: TFleetImage }) {
  const odd = outliers(item);
  // The container names come from each host's image list (one list per host, no inspect).
  const lists = useQueries({ queries: item.hosts.map((h) => hostImagesQueryOptions(h.host.name)) });
  return (
    <TableFrame>
      <table className={tableClass} aria-label="Hosts with this tag">
        <TableHead columns={['Host', 'Image id', 'Digest', 'Size', 'Created', 'Running', 'Containers', '']} />
        <tbody>
          {item.hosts.map((h, i) => {
            const differs = odd.has(h.imageId);
            const matches = item.registryDigest ? h.digest === item.registryDigest : null;
            const users = lists[i]?.data?.images.find((x) => x.id === h.imageId)?.containers;
            return (
              <tr key={h.host.id} data-testid={`host-row-${h.host.name}`} data-differs={differs || undefined}>
                <td className={tdClass}>
                  <Link
                    href={`/hosts/${encodeURIComponent(h.host.name)}`}
                    className="font-medium hover:underline"
                  >
                    {h.host.name}
                  </Link>
                </td>
                <td className={tdClass}>
                  <span
                    title={h.imageId}
                    className={`rounded px-1 font-mono text-xs ${differs ? 'bg-amber-100 font-semibold text-amber-950 ring-1 ring-amber-400 dark:bg-amber-900/60 dark:text-amber-100' : ''}`}
                  >
                    {shortId(h.imageId)}
                  </span>
                  {differs ? (
                    <span className="ml-1 text-xs text-amber-800 dark:text-amber-300">differs</span>
                  ) : null}
                </td>
                <td className={`${tdClass} max-w-56`}>
                  {h.digest ? (
                    <span className="flex items-center gap-1">
                      <span className="truncate font-mono text-xs" title={h.digest}>
                        {h.digest.slice(0, 19)}
                      </span>
                      {matches === false ? (
                        <Badge tone="warn" title="Not the registry's current digest for this tag">
                          behind registry
                        </Badge>
                      ) : matches ? (
                        <Badge tone="ok" title="The registry's current digest">
                          current
                        </Badge>
                      ) : null}
                    </span>
                  ) : (
                    <span
                      className="text-xs text-muted"
                      title="The host has no registry digest for this repository: the image was built, imported or tagged there, not pulled"
                    >
                      none (local)
                    </span>
                  )}
                </td>
                <td className={`${tdClass} tabular`}>{formatBytes(h.size)}</td>
                <td className={`${tdClass} whitespace-nowrap text-xs`}>{formatDateTime(h.createdAt)}</td>
                <td className={`${tdClass} tabular`}>
                  {h.running} / {h.containers}
                </td>
                <td className={`${tdClass} max-w-80`}>
                  <ContainerNames users={h.containers === 0 ? [] : users} />
                </td>
                <td className={tdClass}>
                  <Link
                    href={hostImageHref(h.host.name, h.imageId)}
                    className="text-xs text-accent hover:underline"
                  >
                    Image details
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableFrame>
  );
}

function findItem(items: TFleetImage[], ref: string): TFleetImage | undefined {
  return items.find((i) => i.ref === ref || `${i.repository}:${i.tag}` === ref);
}

/** One repository:tag across the fleet: which host has which image, and what drifted. */
export function ImageTagView({ imageRef }: { imageRef: string }) {
  const { data, error, isPending, refetch } = useFleetImages();
  const canPull = useCan('images.pull');
  const [pulling, setPulling] = useState(false);

  if (isPending) return <LoadingBlock label={`Loading ${imageRef}…`} rows={8} />;
  if (!data) {
    return (
      <ErrorPanel title="The fleet's images could not be read" error={error} onRetry={() => void refetch()} />
    );
  }
  const item = findItem(data.items, imageRef);
  const crumbs = (
    <p className="text-xs text-muted">
      <Link href="/images" className="hover:underline">
        Images
      </Link>{' '}
      /{' '}
      {item ? (
        <Link
          href={`/images?q=${encodeURIComponent(displayRepository(item.repository))}`}
          className="hover:underline"
        >
          {displayRepository(item.repository)}
        </Link>
      ) : null}
    </p>
  );
  if (!item) {
    return (
      <div className="flex flex-col gap-3">
        {crumbs}
        <EmptyState
          title={`No host has ${imageRef}`}
          action={
            <Link href="/images" className={buttonClass('secondary')}>
              See all images
            </Link>
          }
        >
          No engine that answered holds this repository:tag. It may have been removed, or its host did not
          answer.
        </EmptyState>
        <ReadProblems hosts={data.hosts} registries={data.registries} />
      </div>
    );
  }
  const missing = data.hosts.filter((h) => h.ok && !item.hosts.some((x) => x.host.id === h.host.id));
  const differing = item.drift.find((d) => d.kind === 'hosts-differ' || d.kind === 'registry-moved');

  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          {crumbs}
          <h1 className="flex min-w-0 items-center gap-2 text-xl font-semibold">
            <span className="truncate font-mono" title={item.ref}>
              {item.ref}
            </span>
            <TagKindBadge kind={item.tagKind} />
          </h1>
          <div className="mt-1">
            <DriftBadges drift={item.drift} />
          </div>
        </div>
        {canPull ? (
          <Button variant="primary" onClick={() => setPulling(true)}>
            {differing ? 'Pull again…' : 'Pull…'}
          </Button>
        ) : null}
      </header>
      {pulling ? (
        <PullDialog
          open
          onClose={() => setPulling(false)}
          initialRef={item.ref}
          initialHosts={differing ? differing.hosts : item.hosts.map((h) => h.host.name)}
        />
      ) : null}
      <ReadProblems
        hosts={data.hosts}
        registries={data.registries.filter((r) => r.id === item.registry?.id)}
      />
      <div className="grid gap-4 xl:grid-cols-2">
        <Section title="Tag">
          <Facts
            items={[
              ['Repository', <Mono key="r">{item.repository}</Mono>],
              ['Tag', <Mono key="t">{item.tag}</Mono>],
              ['Role', <RoleLabel key="role" role={item.role} />],
              ['Registry', item.registry?.name ?? 'no configured registry serves this repository'],
              [
                'Registry digest',
                item.registryDigest ? (
                  <Mono key="d">{item.registryDigest}</Mono>
                ) : item.registryError ? (
                  <span key="e" className="text-red-700 dark:text-red-400">
                    unknown: {item.registryError}
                  </span>
                ) : item.registry ? (
                  'the registry has no such tag'
                ) : null,
              ],
              ['Git revision', item.revision ? <Mono key="rev">{item.revision}</Mono> : null],
              ['Source', item.source ? <Mono key="src">{item.source}</Mono> : null],
              ['Not on', missing.length ? missing.map((h) => h.host.name).join(', ') : null],
            ]}
          />
        </Section>
        <Section title="Drift">
          <DriftList drift={item.drift} />
        </Section>
      </div>
      <section aria-label="Hosts" className="flex flex-col gap-2">
        <h2 className="text-base font-semibold">
          On {item.hosts.length === 1 ? '1 host' : `${item.hosts.length} hosts`}
        </h2>
        <HostsTable item={item} />
      </section>
    </div>
  );
}

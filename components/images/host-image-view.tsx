'use client';

import Link from 'next/link';
import { formatBytes, formatDateTime, shortId } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { REVISION_LABEL, SOURCE_LABEL } from '@/lib/images/drift';
import { isApiError } from '@/lib/queries/api';
import { fleetImageHref, useHostImage } from '@/lib/queries/images';
import type { TImageDetail, TImageHealthcheck } from '@/lib/types/images';
import { Facts, MiniTable, Mono } from '../containers/detail-parts';
import { EnvTable } from '../containers/env-table';
import { Badge, StateBadge } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { ErrorPanel } from '../ui/error-panel';
import { Section } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { LayersTable } from './layers-table';
import { RemoveImage } from './remove-image';

const HIGHLIGHT = new Set([REVISION_LABEL, SOURCE_LABEL]);

function argv(list: string[]) {
  return list.length ? <Mono>{JSON.stringify(list)}</Mono> : null;
}

function seconds(n: number | null): string | null {
  return n === null ? null : `${n} s`;
}

function Healthcheck({ hc }: { hc: TImageHealthcheck | null }) {
  if (!hc || hc.test.length === 0)
    return <p className="text-sm text-muted">The image defines no health check.</p>;
  if (hc.test[0] === 'NONE')
    return <p className="text-sm text-muted">The image turns off its base image's health check.</p>;
  return (
    <Facts
      items={[
        ['Test', <Mono key="t">{hc.test.join(' ')}</Mono>],
        ['Interval', seconds(hc.intervalSeconds)],
        ['Timeout', seconds(hc.timeoutSeconds)],
        ['Start period', seconds(hc.startPeriodSeconds)],
        ['Retries', hc.retries],
      ]}
    />
  );
}

function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels).sort(
    ([a], [b]) => Number(HIGHLIGHT.has(b)) - Number(HIGHLIGHT.has(a)) || a.localeCompare(b),
  );
  return (
    <MiniTable
      label="Labels"
      columns={['Key', 'Value']}
      empty="No labels."
      rows={entries.map(([k, v]) => ({
        key: k,
        className: HIGHLIGHT.has(k) ? 'bg-sky-50 dark:bg-sky-950/40' : undefined,
        cells: [
          <span key="k" className="inline-flex items-center gap-1">
            <Mono>{k}</Mono>
            {HIGHLIGHT.has(k) ? (
              <Badge tone="info">{k === REVISION_LABEL ? 'Git revision' : 'source'}</Badge>
            ) : null}
          </span>,
          <Mono key="v">{v}</Mono>,
        ],
      }))}
    />
  );
}

function Overview({ image }: { image: TImageDetail }) {
  return (
    <Facts
      items={[
        ['ID', <Mono key="id">{image.id}</Mono>],
        [
          'Tags',
          image.repoTags.length ? (
            <ul key="tags" className="flex flex-col">
              {image.repoTags.map((t) => (
                <li key={t}>
                  <Link href={fleetImageHref(t)} className="font-mono text-xs text-accent hover:underline">
                    {t}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <Badge key="d" tone="warn">
              dangling: no tag
            </Badge>
          ),
        ],
        [
          'Repo digests',
          image.repoDigests.length ? (
            <ul key="dg" className="flex flex-col">
              {image.repoDigests.map((d) => (
                <li key={d}>
                  <Mono>{d}</Mono>
                </li>
              ))}
            </ul>
          ) : (
            'none (built or imported locally)'
          ),
        ],
        ['Size', formatBytes(image.size)],
        ['Created', formatDateTime(image.createdAt)],
        ['Platform', `${image.os}/${image.architecture}`],
        ['Author', image.author || null],
        ['Entrypoint', argv(image.entrypoint)],
        ['Command', argv(image.cmd)],
        ['Working dir', image.workingDir || null],
        ['User', image.user || 'root (default)'],
        ['Layers', image.rootfsLayers.length],
      ]}
    />
  );
}

/** One image on one host: what inspect and history say, who uses it, and removal for admins. */
export function HostImageView({ hostRef, id }: { hostRef: string; id: string }) {
  const { data: image, error, isPending, refetch } = useHostImage(hostRef, id);
  const canDelete = useCan('images.delete');
  const hostHref = `/hosts/${encodeURIComponent(hostRef)}`;

  if (isPending) return <LoadingBlock label="Loading the image…" rows={10} />;
  if (!image) {
    const missing = isApiError(error) && error.status === 404;
    return (
      <ErrorPanel
        title={missing ? `No image ${id} on ${hostRef}` : 'The image could not be read'}
        error={error}
        onRetry={missing ? undefined : () => void refetch()}
      >
        <Link href={`${hostHref}?tab=images`} className={buttonClass('secondary', 'sm', 'mt-2')}>
          Back to {hostRef}
        </Link>
      </ErrorPanel>
    );
  }
  const title = image.repoTags[0] ?? shortId(image.id);

  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs text-muted">
            <Link href="/hosts" className="hover:underline">
              Hosts
            </Link>{' '}
            /{' '}
            <Link href={hostHref} className="hover:underline">
              {hostRef}
            </Link>{' '}
            /{' '}
            <Link href={`${hostHref}?tab=images`} className="hover:underline">
              Images
            </Link>{' '}
            /
          </p>
          <h1 className="flex min-w-0 items-center gap-2 text-xl font-semibold">
            <span className="truncate font-mono" title={title}>
              {title}
            </span>
            {image.dangling ? <Badge tone="warn">dangling</Badge> : null}
            {image.repoTags.length > 1 ? <Badge>+{image.repoTags.length - 1} tags</Badge> : null}
          </h1>
          <p className="truncate font-mono text-xs text-muted" title={image.id}>
            {image.id}
          </p>
        </div>
        {canDelete ? <RemoveImage hostRef={hostRef} image={image} /> : null}
      </header>

      <div className="grid gap-4 xl:grid-cols-2">
        <Section title="Image">
          <Overview image={image} />
        </Section>
        <div className="flex flex-col gap-4">
          <Section title="Containers using it">
            <MiniTable
              label="Containers using the image"
              columns={['Container', 'State', 'Service']}
              empty="No container uses this image, running or stopped."
              rows={image.containers.map((c) => ({
                key: c.id,
                cells: [
                  <Link
                    key="n"
                    href={`${hostHref}/containers/${encodeURIComponent(c.name)}`}
                    className="font-medium text-accent hover:underline"
                  >
                    {c.name}
                  </Link>,
                  <StateBadge key="s" state={c.state} />,
                  c.service ?? '—',
                ],
              }))}
            />
          </Section>
          <Section title="Exposed ports">
            {image.exposedPorts.length ? (
              <ul className="flex flex-wrap gap-1">
                {image.exposedPorts.map((p) => (
                  <li key={p} className="rounded border border-line bg-raised px-1.5 font-mono text-xs">
                    {p}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-muted">The image exposes no ports.</p>
            )}
          </Section>
          <Section title="Health check">
            <Healthcheck hc={image.healthcheck} />
          </Section>
        </div>
      </div>
      <Section title="Labels">
        <Labels labels={image.labels} />
      </Section>
      <Section title="Environment">
        <EnvTable env={image.env} />
      </Section>
      <Section title="Layers">
        <LayersTable layers={image.layers} />
      </Section>
    </div>
  );
}

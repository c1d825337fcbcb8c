'use client';

import Link from 'next/link';
import { memo, useDeferredValue, useMemo, useState } from 'react';
import { formatBytes, formatDateTime, shortId, shownOf } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { hostImageHref, useHostImages } from '@/lib/queries/images';
import type { THostImage } from '@/lib/types/images';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { SearchBox } from '../ui/filter-bar';
import { LoadingBlock } from '../ui/skeleton';
import {
  nextSort,
  rowClass,
  SortHeader,
  type SortState,
  TableFrame,
  tableClass,
  tdClass,
  thClass,
  theadClass,
} from '../ui/table';
import { PruneDialog } from './prune-dialog';
import { PullDialog } from './pull-dialog';

type SortKey = 'tag' | 'size' | 'created' | 'used';

function filterImages(images: THostImage[], query: string): THostImage[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return images;
  return images.filter((i) => {
    const text = [...i.repoTags, i.id, ...i.containers.map((c) => c.name), i.dangling ? 'dangling' : '']
      .join(' ')
      .toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Tagged images by tag, dangling ones last; or by size, age or number of containers. */
function sortImages(images: THostImage[], sort: SortState<SortKey>): THostImage[] {
  const dir = sort.dir === 'asc' ? 1 : -1;
  const by: Record<SortKey, (a: THostImage, b: THostImage) => number> = {
    tag: (a, b) => (a.repoTags[0] ?? '\uffff').localeCompare(b.repoTags[0] ?? '\uffff'),
    size: (a, b) => a.size - b.size,
    created: (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
    used: (a, b) => a.containers.length - b.containers.length,
  };
  return [...images].sort((a, b) => dir * by[sort.key](a, b) || a.id.localeCompare(b.id));
}

const Row = memo(function Row({ image, hostRef }: { image: THostImage; hostRef: string }) {
  const label = image.repoTags[0] ?? `<none> ${shortId(image.id)}`;
  const running = image.containers.filter((c) => c.state === 'running').length;
  return (
    <tr className={rowClass} data-testid="host-image-row">
      <td className={`${tdClass} max-w-96`}>
        <Link
          href={hostImageHref(hostRef, image.id)}
          className="block truncate font-mono text-xs font-medium text-accent hover:underline"
          title={image.repoTags.join('\n') || image.id}
        >
          {label}
        </Link>
        {image.repoTags.length > 1 ? (
          <span
            className="block truncate font-mono text-[11px] text-muted"
            title={image.repoTags.slice(1).join('\n')}
          >
            +{image.repoTags.slice(1).join(', ')}
          </span>
        ) : null}
      </td>
      <td className={`${tdClass} font-mono text-xs`} title={image.id}>
        {shortId(image.id)}
      </td>
      <td className={`${tdClass} text-right tabular`}>{formatBytes(image.size)}</td>
      <td className={`${tdClass} text-xs whitespace-nowrap`}>{formatDateTime(image.createdAt)}</td>
      <td className={tdClass}>
        {image.dangling ? (
          <Badge tone="warn" title="No tag points to this image">
            dangling
          </Badge>
        ) : null}
      </td>
      <td className={`${tdClass} max-w-72`}>
        {image.containers.length === 0 ? (
          <span className="text-xs text-muted">unused</span>
        ) : (
          <span
            className="block truncate text-xs"
            title={image.containers.map((c) => `${c.name} (${c.state})`).join('\n')}
          >
            <span className="tabular">
              {running}/{image.containers.length}
            </span>{' '}
            {image.containers.map((c) => c.name).join(', ')}
          </span>
        )}
      </td>
    </tr>
  );
});

/** The host's images: tags, id, size, who uses each, and prune of the dangling ones for admins. */
export function HostImagesPanel({ hostRef }: { hostRef: string }) {
  const { data, error, isPending, refetch } = useHostImages(hostRef);
  const canPrune = useCan('images.delete');
  const canPull = useCan('images.pull');
  const [query, setQuery] = useState('');
  const [pruning, setPruning] = useState(false);
  const [pulling, setPulling] = useState(false);
  const deferred = useDeferredValue(query);
  const images = data?.images;
  const [sort, setSort] = useState<SortState<SortKey>>({ key: 'tag', dir: 'asc' });
  const rows = useMemo(
    () => sortImages(filterImages(images ?? [], deferred), sort),
    [images, deferred, sort],
  );
  const onSort = (key: SortKey) => setSort((prev) => nextSort(prev, key));
  const dangling = images?.filter((i) => i.dangling) ?? [];
  const total = images?.reduce((n, i) => n + i.size, 0) ?? 0;

  return (
    <section aria-label="Images" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-base font-semibold">Images</h2>
        {images && images.length > 0 ? (
          <SearchBox
            id="host-image-filter"
            label="Filter images"
            placeholder="Filter by tag, id, container, dangling"
            value={query}
            onChange={setQuery}
            className="w-80"
          />
        ) : null}
        {images ? (
          <p className="text-xs text-muted" aria-live="polite">
            {shownOf(rows.length, images.length, (n) => `${n} images`)} · {formatBytes(total)} ·{' '}
            {dangling.length} dangling
          </p>
        ) : null}
        <div className="ml-auto flex gap-2">
          {canPull ? (
            <Button size="sm" onClick={() => setPulling(true)}>
              Pull
            </Button>
          ) : null}
          {canPrune ? (
            <Button size="sm" variant="danger" onClick={() => setPruning(true)}>
              Prune dangling
            </Button>
          ) : null}
        </div>
      </div>
      {pruning ? <PruneDialog hostRef={hostRef} open onClose={() => setPruning(false)} /> : null}
      {pulling ? <PullDialog open onClose={() => setPulling(false)} initialHosts={[hostRef]} /> : null}
      {isPending ? (
        <LoadingBlock label="Loading images…" rows={6} />
      ) : !data ? (
        <ErrorPanel title="The images could not be read" error={error} onRetry={() => void refetch()} />
      ) : data.images.length === 0 ? (
        <EmptyState title="No images on this host">
          The engine answered but holds no images.{' '}
          {canPull ? 'Pull one, or start a release.' : 'An operator can pull one.'}
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState
          title="No image matches"
          action={<Button onClick={() => setQuery('')}>Clear the filter</Button>}
        >
          Nothing matches “{deferred}”.
        </EmptyState>
      ) : (
        <TableFrame className="max-h-[calc(100vh-18rem)] overflow-y-auto">
          <table className={tableClass} aria-label="Images on this host">
            <thead className={theadClass}>
              <tr>
                <SortHeader label="Tags" sortKey="tag" sort={sort} onSort={onSort} />
                <th scope="col" className={thClass}>
                  Image id
                </th>
                <SortHeader label="Size" sortKey="size" sort={sort} onSort={onSort} className="text-right" />
                <SortHeader label="Created" sortKey="created" sort={sort} onSort={onSort} />
                <th scope="col" className={thClass}>
                  <span className="sr-only">Dangling</span>
                </th>
                <SortHeader label="Used by" sortKey="used" sort={sort} onSort={onSort} />
              </tr>
            </thead>
            <tbody>
              {rows.map((image) => (
                <Row key={image.id} image={image} hostRef={hostRef} />
              ))}
            </tbody>
          </table>
        </TableFrame>
      )}
    </section>
  );
}

'use client';

import Link from 'next/link';
import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { shortId } from '@/lib/format';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import { fleetImageHref, useLineage } from '@/lib/queries/images';
import type { TLineageNode } from '@/lib/types/images';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { inputClass } from '../ui/field';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { buildTree, countTree, splitForest, type TLineageTree } from './lineage-model';

const ROLE_TONE = { base: 'info', middleware: 'neutral', app: 'ok', unknown: 'neutral' } as const;

function BlastRadius({ node, hasChildren }: { node: TLineageNode; hasChildren: boolean }) {
  const n = node.services.length;
  if (n === 0 && node.runningContainers === 0) {
    return <p className="text-xs text-muted">Nothing running is built on this image.</p>;
  }
  const what = hasChildren ? 'A bump of this image touches' : 'Runs in';
  return (
    <p className="text-xs" title={node.services.join('\n')}>
      <span className="text-muted">{what} </span>
      <strong>
        {n} {n === 1 ? 'service' : 'services'}
      </strong>
      {n > 0 ? <span className="text-muted">: {node.services.join(', ')}</span> : null}
      <span className="text-muted">
        {' '}
        · {node.runningContainers} running {node.runningContainers === 1 ? 'container' : 'containers'}
      </span>
    </p>
  );
}

function NodeCard({ node, hasChildren }: { node: TLineageNode; hasChildren: boolean }) {
  const [first, ...rest] = node.refs;
  return (
    <div
      className={`flex min-w-0 flex-col gap-1 rounded-md border bg-surface px-3 py-2 ${node.warning ? 'border-amber-400 dark:border-amber-700' : 'border-line'}`}
      data-testid="lineage-node"
      data-depth={node.depth}
    >
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <Badge tone={ROLE_TONE[node.role]}>{node.role === 'unknown' ? 'image' : node.role}</Badge>
        {first ? (
          <Link
            href={fleetImageHref(first)}
            className="truncate font-mono text-xs font-medium text-accent hover:underline"
            title={first}
          >
            {first}
          </Link>
        ) : (
          <span className="font-mono text-xs text-muted" title={node.id}>
            untagged {shortId(node.id)}
          </span>
        )}
        <span className="text-[11px] text-muted">
          level {node.depth} · {node.layers} layers · {shortId(node.id)}
        </span>
        {node.warning ? (
          <Badge tone="warn" title={node.warning} testId="lineage-warning">
            ⚠ {node.depth} levels deep
          </Badge>
        ) : null}
      </div>
      {rest.length > 0 ? (
        <p className="truncate font-mono text-[11px] text-muted" title={rest.join('\n')}>
          also {rest.join(', ')}
        </p>
      ) : null}
      {node.warning ? <p className="text-xs text-amber-800 dark:text-amber-300">{node.warning}</p> : null}
      <p className="truncate text-xs text-muted" title={node.hosts.join(', ')}>
        on {node.hosts.length ? node.hosts.join(', ') : 'no host'}
      </p>
      <BlastRadius node={node} hasChildren={hasChildren} />
    </div>
  );
}

function Branch({ trees, top }: { trees: TLineageTree[]; top?: boolean }) {
  return (
    <ul className={`flex flex-col gap-2 ${top ? '' : 'mt-2'}`}>
      {trees.map((t, i) => {
        const last = i === trees.length - 1;
        return (
          <li key={t.node.id} className={top ? '' : 'relative pl-7'}>
            {top ? null : (
              <>
                <span
                  aria-hidden="true"
                  className={`absolute left-2.5 top-0 border-l-2 border-line ${last ? 'h-5' : 'h-[calc(100%+0.5rem)]'}`}
                />
                <span aria-hidden="true" className="absolute left-2.5 top-5 w-4 border-t-2 border-line" />
              </>
            )}
            <NodeCard node={t.node} hasChildren={t.children.length > 0} />
            {t.children.length > 0 ? <Branch trees={t.children} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

function Standalone({ trees }: { trees: TLineageTree[] }) {
  return (
    <details className="rounded-lg border border-line bg-surface">
      <summary className="cursor-pointer px-3 py-2 text-sm">
        {trees.length} standalone {trees.length === 1 ? 'image' : 'images'}: no image on the fleet is built on
        them, and they are built on none
      </summary>
      <ul className="flex flex-col border-t border-line text-xs">
        {trees.map(({ node }) => (
          <li
            key={node.id}
            className="flex min-w-0 items-center gap-2 border-b border-line px-3 py-1 last:border-b-0"
          >
            {node.refs[0] ? (
              <Link
                href={fleetImageHref(node.refs[0])}
                className="truncate font-mono text-accent hover:underline"
                title={node.refs.join('\n')}
              >
                {node.refs[0]}
              </Link>
            ) : (
              <span className="font-mono text-muted">untagged {shortId(node.id)}</span>
            )}
            {node.refs.length > 1 ? <span className="text-muted">+{node.refs.length - 1}</span> : null}
            <span className="ml-auto shrink-0 text-muted">
              {node.layers} layers · {node.hosts.length} {node.hosts.length === 1 ? 'host' : 'hosts'} ·{' '}
              {node.services.length
                ? `runs ${node.services.join(', ')}`
                : `${node.runningContainers} running`}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Base OS → middleware → app as a tree, with what each image's bump would touch. */
export function LineageView() {
  const { data, error, isPending, refetch } = useLineage();
  const [untagged, setUntagged] = useState(false);
  const [query, setQuery] = useState('');
  const filterRef = useRef<HTMLInputElement>(null);
  useSlashFocus(filterRef);
  const deferred = useDeferredValue(query);
  const trees = useMemo(() => buildTree(data?.nodes ?? [], untagged), [data, untagged]);
  const { families, standalone } = useMemo(() => splitForest(trees, deferred), [trees, deferred]);
  const warnings = data?.nodes.filter((n) => n.warning).length ?? 0;
  const hidden = (data?.nodes.length ?? 0) - countTree(trees);

  return (
    <div className="flex flex-col gap-3">
      <PageHeader
        title="Image lineage"
        subtitle={
          <>
            <Link href="/images" className="hover:underline">
              Images
            </Link>{' '}
            / lineage: each image under the image it is built on, from the layer chains
          </>
        }
      />
      {isPending ? (
        <LoadingBlock label="Reading every host's images…" rows={8} />
      ) : !data ? (
        <ErrorPanel title="The lineage could not be read" error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          {data.errors.length > 0 ? (
            <ul
              aria-label="Read errors"
              className="rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
            >
              {data.errors.map((e) => (
                <li key={e.host} className="break-words">
                  <span className="font-medium">{e.host}</span>: its images could not be read ({e.message});
                  the tree leaves them out.
                </li>
              ))}
            </ul>
          ) : null}
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <span>
              {data.nodes.length} images · {data.nodes.filter((n) => n.parentId === null).length} roots
            </span>
            {warnings > 0 ? (
              <Badge tone="warn">
                {warnings} {warnings === 1 ? 'image stands' : 'images stand'} more than three levels deep
              </Badge>
            ) : null}
            <div className="w-80 max-w-full">
              <input
                ref={filterRef}
                type="search"
                aria-label="Filter images"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') setQuery('');
                }}
                placeholder="Filter by reference, service, host  ( / )"
                className={inputClass}
                autoComplete="off"
                spellCheck={false}
              />
            </div>
            <label className="ml-auto flex items-center gap-1.5">
              <input type="checkbox" checked={untagged} onChange={(e) => setUntagged(e.target.checked)} />
              Show untagged images{!untagged && hidden > 0 ? ` (${hidden} hidden)` : ''}
            </label>
          </div>
          {families.length === 0 && standalone.length === 0 ? (
            deferred ? (
              <EmptyState
                title="No image matches"
                action={<Button onClick={() => setQuery('')}>Clear the filter</Button>}
              >
                Nothing in the lineage matches “{deferred}”.
              </EmptyState>
            ) : (
              <EmptyState title={data.nodes.length ? 'Only untagged images' : 'No images to draw'}>
                {data.nodes.length
                  ? 'Every image on the fleet is untagged. Tick “Show untagged images” to see them.'
                  : 'No host that answered holds an image. Pull one, and its chain shows up here.'}
              </EmptyState>
            )
          ) : (
            <>
              {families.length > 0 ? (
                <section aria-label="Lineage tree" className="max-w-4xl">
                  <Branch trees={families} top />
                </section>
              ) : (
                <p className="text-sm text-muted">
                  No image on the fleet is built on another one that is here.
                </p>
              )}
              {standalone.length > 0 ? <Standalone trees={standalone} /> : null}
            </>
          )}
        </>
      )}
    </div>
  );
}

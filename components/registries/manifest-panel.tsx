'use client';

import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '@/lib/format';
import { useManifest } from '@/lib/queries/registries';
import type { TManifestDetail } from '@/lib/types/registries';
import { Facts, MiniTable, Mono } from '../containers/detail-parts';
import { Button, buttonClass } from '../ui/button';
import { ErrorPanel } from '../ui/error-panel';
import { LoadingBlock } from '../ui/skeleton';
import { CopyButton, Digest, SourceText, TimeAgo } from './registry-parts';
import { platformName, type TagRow } from './tags-model';

const SOURCE_LABEL = 'org.opencontainers.image.source';

/** `application/vnd.oci.image.layer.v1.tar+gzip` → `oci layer tar+gzip`, the part a person reads. */
function shortMediaType(mediaType: string): string {
  return mediaType
    .replace(/^application\/vnd\./, '')
    .replace('docker.distribution.manifest.', 'docker manifest ')
    .replace('docker.image.rootfs.diff.', 'docker layer ')
    .replace('oci.image.', 'oci ')
    .replace('.v1.', ' ')
    .replace('.v2+', ' v2 ')
    .replace(/\+json$/, '');
}

function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="text-sm text-muted">The image config has no labels.</p>;
  return (
    <dl className="flex flex-col gap-1.5 text-xs">
      {entries.map(([key, value]) => (
        <div key={key} className="min-w-0">
          <dt className="font-mono break-all text-muted">{key}</dt>
          <dd className="font-mono break-all">
            {key === SOURCE_LABEL ? (
              <SourceText source={value} className="whitespace-normal" />
            ) : (
              value || '""'
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function platformFact(m: TManifestDetail): string | null {
  const own = m.config ? [m.config.os, m.config.architecture].filter(Boolean).join('/') : '';
  if (m.platforms) {
    const count = `an index of ${m.platforms.length} platform${m.platforms.length === 1 ? '' : 's'}`;
    return own ? `${count}; created, config and labels are those of ${own}` : count;
  }
  return own || null;
}

function Detail({
  m,
  pullRef,
  onOpen,
}: {
  m: TManifestDetail;
  pullRef: string | null;
  onOpen: (digest: string) => void;
}) {
  const byDigest = pullRef ? `${pullRef}@${m.digest}` : null;
  return (
    <div className="flex flex-col gap-4">
      <Facts
        items={[
          [
            'Digest',
            <span key="d" className="inline-flex items-start gap-1">
              <Mono>{m.digest}</Mono>
              <CopyButton value={m.digest} label="Copy the manifest digest" />
            </span>,
          ],
          [
            'Pull',
            byDigest ? (
              <span key="p" className="inline-flex items-start gap-1">
                <Mono>{byDigest}</Mono>
                <CopyButton value={byDigest} label="Copy the reference by digest" />
              </span>
            ) : null,
          ],
          ['Type', <Mono key="t">{m.mediaType}</Mono>],
          ['Size', formatBytes(m.size)],
          ['Created', m.config ? <TimeAgo key="c" iso={m.config.createdAt} /> : null],
          ['Platform', platformFact(m)],
          ['Config', m.config ? <Digest key="cd" digest={m.config.digest} /> : null],
        ]}
      />
      {m.platforms ? (
        <section aria-label="Platforms" className="flex flex-col gap-2">
          <h3 className="text-sm font-semibold">Platforms ({m.platforms.length})</h3>
          <MiniTable
            label="Platforms"
            columns={['Platform', 'Manifest']}
            empty="The index lists no platforms."
            rows={m.platforms.map((p) => ({
              key: p.digest,
              cells: [
                platformName(p) || 'unknown',
                <Button
                  key="open"
                  size="sm"
                  variant="ghost"
                  onClick={() => onOpen(p.digest)}
                  title={p.digest}
                >
                  <span className="font-mono">{p.digest.slice(0, 19)}</span> →
                </Button>,
              ],
            }))}
          />
        </section>
      ) : null}
      {m.layers.length > 0 ? (
        <section aria-label="Layers" className="flex flex-col gap-2">
          <h3 className="text-sm font-semibold">
            Layers ({m.layers.length}, {formatBytes(m.layers.reduce((sum, l) => sum + l.size, 0))})
          </h3>
          <MiniTable
            label="Layers"
            columns={['#', 'Digest', 'Size', 'Type']}
            empty="No layers."
            rows={m.layers.map((l, i) => ({
              key: `${i}-${l.digest}`,
              cells: [
                <span key="n" className="tabular text-muted">
                  {i + 1}
                </span>,
                <Digest key="d" digest={l.digest} />,
                <span key="s" className="whitespace-nowrap tabular">
                  {formatBytes(l.size)}
                </span>,
                <span key="t" className="text-xs text-muted" title={l.mediaType}>
                  {shortMediaType(l.mediaType)}
                </span>,
              ],
            }))}
          />
        </section>
      ) : null}
      {m.config ? (
        <section aria-label="Labels" className="flex flex-col gap-2">
          <h3 className="text-sm font-semibold">Labels</h3>
          <Labels labels={m.config.labels} />
        </section>
      ) : null}
    </div>
  );
}

/**
 * A tag's manifest beside the tag list: digest, layers, config labels, and for an index its
 * platforms, each of which opens in place. Escape closes it.
 */
export function ManifestPanel({
  regRef,
  repository,
  tag,
  pullRef,
  onClose,
}: {
  regRef: string;
  repository: string;
  tag: TagRow;
  /** `host/repository`, for the pull-by-digest reference. */
  pullRef: string | null;
  onClose: () => void;
}) {
  // A platform of an index opens here; the stack leads back to the index.
  const [stack, setStack] = useState<string[]>([]);
  const reference = stack.at(-1) ?? tag.digest ?? tag.name;
  const { data, error, isPending, refetch } = useManifest(regRef, repository, reference);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !document.querySelector('dialog[open]')) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  useEffect(() => {
    closeRef.current?.focus({ preventScroll: true });
  }, []);

  return (
    <aside
      aria-label={`Manifest of ${repository}:${tag.name}`}
      className="fixed top-0 right-0 bottom-0 z-30 flex w-[34rem] max-w-full flex-col border-l border-line bg-surface shadow-2xl"
    >
      <header className="flex items-start gap-2 border-b border-line px-4 py-3">
        <div className="min-w-0 flex-1">
          <p className="text-xs text-muted">Manifest</p>
          <h2 className="font-mono text-sm font-semibold break-all">
            {repository}:{tag.name}
          </h2>
          {stack.length > 0 ? (
            <p className="mt-1 text-xs text-muted">
              Platform manifest{' '}
              <button type="button" className="text-accent hover:underline" onClick={() => setStack([])}>
                ← back to the index
              </button>
            </p>
          ) : null}
        </div>
        <button
          ref={closeRef}
          type="button"
          onClick={onClose}
          aria-label="Close the manifest"
          className={buttonClass('ghost', 'sm')}
        >
          ✕
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto px-4 py-3">
        {tag.runsOn.hosts.length > 0 || tag.runsOn.services.length > 0 ? (
          <p className="mb-3 text-xs text-muted">
            Runs on {tag.runsOn.hosts.join(', ') || 'no host'}
            {tag.runsOn.services.length > 0 ? ` · services ${tag.runsOn.services.join(', ')}` : ''}
          </p>
        ) : null}
        {isPending ? (
          <LoadingBlock label="Reading the manifest…" rows={6} />
        ) : !data ? (
          <ErrorPanel title="The manifest could not be read" error={error} onRetry={() => void refetch()} />
        ) : (
          <Detail m={data} pullRef={pullRef} onOpen={(digest) => setStack((s) => [...s, digest])} />
        )}
      </div>
    </aside>
  );
}

'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { formatAgo, formatDateTime } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { releaseHref, useRollbackCheck } from '@/lib/queries/releases';
import { backupDownloadHref } from '@/lib/queries/volumes';
import type { TRelease } from '@/lib/types/releases';
import { Badge } from '../ui/badge';
import { Button, Spinner } from '../ui/button';
import { RollbackDialog } from './decide-dialogs';
import { ReleaseActions } from './release-actions';
import {
  Digest,
  durationText,
  KindBadge,
  ReleaseStatusBadge,
  Revision,
  STATUS_DOT,
  TagText,
} from './release-parts';

const DOT: Record<string, string> = {
  ok: 'bg-emerald-500 ring-emerald-200 dark:ring-emerald-900',
  bad: 'bg-red-500 ring-red-200 dark:ring-red-900',
  warn: 'bg-amber-500 ring-amber-200 dark:ring-amber-900',
  info: 'bg-sky-500 ring-sky-200 dark:ring-sky-900 animate-pulse',
  idle: 'bg-zinc-400 ring-zinc-200 dark:ring-zinc-700',
};

/** True once the element has been on screen: what is never looked at is never asked for. */
function useSeen<T extends Element>() {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [seen]);
  return { ref, seen };
}

/** Whether a rollback to this release could run now, and the backups taken before it. */
function Rollbackability({ release }: { release: TRelease }) {
  const { ref, seen } = useSeen<HTMLDivElement>();
  const check = useRollbackCheck(release.id, seen);
  const canDownload = useCan('volumes.backup');
  const data = check.data;
  return (
    <div ref={ref} className="text-xs" data-testid="rollback-check">
      {!data ? (
        check.error ? (
          <span className="text-amber-800 dark:text-amber-300">
            Rollback check failed: {check.error.message}
          </span>
        ) : (
          <span className="inline-flex items-center gap-1 text-muted">
            <Spinner /> checking whether a rollback is possible…
          </span>
        )
      ) : (
        <div className="flex flex-col gap-0.5">
          <span
            className={
              data.possible ? 'text-emerald-800 dark:text-emerald-300' : 'text-red-800 dark:text-red-300'
            }
          >
            {data.possible ? 'Rollback possible' : 'Rollback not possible'}: {data.message}
          </span>
          <span className="text-muted">
            {data.hosts
              .map(
                (h) =>
                  `${h.host}: ${h.image === 'on-host' ? 'image on host' : h.image === 'in-registry' ? 'in registry' : 'image missing'}${h.keptContainer ? ', old container kept' : ''}`,
              )
              .join(' · ')}
          </span>
          {data.backups.length > 0 ? (
            <span className="flex flex-wrap items-center gap-x-2">
              <span className="text-muted">Backups taken before it:</span>
              {data.backups.map((b) =>
                canDownload ? (
                  <a
                    key={b.id}
                    href={backupDownloadHref(b.id)}
                    download
                    className="text-accent hover:underline"
                  >
                    {b.volume} on {b.host} ({formatDateTime(b.createdAt)})
                  </a>
                ) : (
                  <span key={b.id}>
                    {b.volume} on {b.host}
                  </span>
                ),
              )}
            </span>
          ) : null}
        </div>
      )}
    </div>
  );
}

function Item({
  r,
  isCurrent,
  isLast,
  canRollback,
  onRollback,
}: {
  r: TRelease;
  isCurrent: boolean;
  isLast: boolean;
  canRollback: boolean;
  onRollback: () => void;
}) {
  const past = r.status === 'succeeded' && !isCurrent;
  return (
    <li
      className="relative grid grid-cols-[1.25rem_1fr] gap-3"
      data-testid="timeline-item"
      data-release={r.id}
      data-status={r.status}
    >
      <div className="relative flex justify-center">
        <span
          className={`z-10 mt-1.5 size-3 rounded-full ring-4 ${DOT[STATUS_DOT[r.status]]}`}
          aria-hidden="true"
        />
        {isLast ? null : <span className="absolute top-4 bottom-0 w-px bg-line" aria-hidden="true" />}
      </div>
      <div
        className={`mb-3 min-w-0 rounded-md border px-3 py-2 ${isCurrent ? 'border-emerald-300 dark:border-emerald-800' : 'border-line'} bg-surface`}
      >
        <div className="flex flex-wrap items-center gap-2">
          <Link href={releaseHref(r.id)} className="font-semibold text-accent tabular hover:underline">
            #{r.number}
          </Link>
          <ReleaseStatusBadge status={r.status} />
          <KindBadge kind={r.kind} />
          {isCurrent ? <Badge tone="ok">current</Badge> : null}
          {r.hotfix ? <Badge tone="warn">hotfix</Badge> : null}
          <TagText tag={r.tag} />
          <Digest digest={r.digest} />
          <span className="text-xs text-muted">rev</span>
          <Revision revision={r.gitRevision} />
          {r.rollbackTo ? <span className="text-xs text-muted">to #{r.rollbackTo.number}</span> : null}
          <span className="ml-auto flex items-center gap-2">
            {r.status === 'pending_approval' || r.status === 'queued' ? (
              <ReleaseActions release={r} compact />
            ) : null}
            {past && canRollback ? (
              <Button size="sm" onClick={onRollback} aria-label={`Roll back to #${r.number}`}>
                Roll back
              </Button>
            ) : null}
          </span>
        </div>
        <p className="mt-1 text-xs text-muted">
          requested by {r.requestedBy}{' '}
          <span title={formatDateTime(r.requestedAt)}>{formatAgo(r.requestedAt)}</span>
          {r.approvedBy ? ` · approved by ${r.approvedBy}` : ''}
          {r.durationMs !== null ? ` · took ${durationText(r.durationMs)}` : ''}
        </p>
        {r.note ? <p className="mt-1 text-sm break-words whitespace-pre-wrap">{r.note}</p> : null}
        {r.message ? <p className="mt-1 text-xs break-words">{r.message}</p> : null}
        {past ? (
          <div className="mt-1.5">
            <Rollbackability release={r} />
          </div>
        ) : null}
      </div>
    </li>
  );
}

/** A service's releases as a vertical timeline, newest on top, with rollback where a lead may. */
export function ReleaseTimeline({
  service,
  releases,
  currentId,
}: {
  service: string;
  releases: TRelease[];
  currentId: string | null;
}) {
  const canRollback = useCan('releases.rollback');
  const router = useRouter();
  const [to, setTo] = useState<TRelease | null>(null);
  return (
    <>
      <ol aria-label="Release history" className="flex flex-col">
        {releases.map((r, i) => (
          <Item
            key={r.id}
            r={r}
            isCurrent={r.id === currentId}
            isLast={i === releases.length - 1}
            canRollback={canRollback}
            onRollback={() => setTo(r)}
          />
        ))}
      </ol>
      {to ? (
        <RollbackDialog
          service={service}
          to={to}
          onClose={() => setTo(null)}
          onDone={(r) => router.push(releaseHref(r.id))}
        />
      ) : null}
    </>
  );
}

'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useCallback, useMemo, useState } from 'react';
import { plural } from '@/lib/format';
import type { TLineRow } from '@/lib/logs/buffer';
import { keyMinusMs, tsKey } from '@/lib/logs/time';
import { containerQueryOptions } from '@/lib/queries/containers';
import {
  DEFAULT_TAIL,
  lineHref,
  logDownloadUrl,
  logsHref,
  type TLogRange,
  type TLogTarget,
  useLogStream,
  useStaticLog,
} from '@/lib/queries/logs';
import { releaseHref, useReleaseLogs, useServiceReleases } from '@/lib/queries/releases';
import { serviceHref, useService } from '@/lib/queries/services';
import { Badge, StateBadge } from '../ui/badge';
import { ErrorPanel } from '../ui/error-panel';
import { LoadingBlock } from '../ui/skeleton';
import { LogViewer } from './log-viewer';

/** A linked line opens with this much before it, so it has context. */
const AT_CONTEXT_MS = 30_000;

function initialRange(since: string | null, at: string | null): TLogRange {
  if (at) return { since: keyMinusMs(tsKey(at), AT_CONTEXT_MS), tail: 'all', keepOldest: true };
  if (since) return { since: tsKey(since) || null, tail: 'all', keepOldest: false };
  return { since: null, tail: DEFAULT_TAIL, keepOldest: false };
}

/** Puts the viewer's state in the address bar without a navigation (the stream is not reopened). */
function replaceQuery(update: Record<string, string | null>) {
  const url = new URL(window.location.href);
  for (const [k, v] of Object.entries(update)) {
    if (v === null) url.searchParams.delete(k);
    else url.searchParams.set(k, v);
  }
  window.history.replaceState(window.history.state, '', url);
}

/** The start of the service's current release, for "since the last release". */
function useLastRelease(service: string | null) {
  const summary = useService(service ?? '');
  const releases = useServiceReleases(service ?? '', service !== null);
  return useMemo(() => {
    if (!service) return null;
    const currentId = summary.data?.current?.id;
    const list = releases.data ?? [];
    const release =
      list.find((r) => r.id === currentId) ?? list.find((r) => r.startedAt && r.status === 'succeeded');
    if (!release?.startedAt) return null;
    return { key: tsKey(release.startedAt), label: `release #${release.number} (${release.startedAt})` };
  }, [service, summary.data, releases.data]);
}

function LiveLog({
  target,
  since,
  at,
  service,
  header,
}: {
  target: TLogTarget;
  since: string | null;
  at: string | null;
  service: string | null;
  header: React.ReactNode;
}) {
  const [range, setRange] = useState(() => initialRange(since, at));
  const { buffer, version, state, reload, resume } = useLogStream(target, range);
  const lastRelease = useLastRelease(service);
  const onLoadFrom = useCallback((from: string | null, keepOldest: boolean) => {
    setRange({ since: from, tail: from ? 'all' : DEFAULT_TAIL, keepOldest });
    replaceQuery({ since: from, at: null });
  }, []);
  const hrefOf = useCallback((row: TLineRow) => lineHref(target, row.line), [target]);
  const onLineLink = useCallback(
    (row: TLineRow) => {
      if (target.kind === 'container') replaceQuery({ at: row.line.ts });
    },
    [target],
  );
  return (
    <>
      {header}
      {target.kind === 'service' && state.sources.length ? (
        <p className="text-xs text-muted" data-testid="log-sources">
          Reading {plural(state.sources.length, 'container')}:{' '}
          {state.sources.map((s) => `${s.host}/${s.name} (${s.state})`).join(', ')}
        </p>
      ) : null}
      <LogViewer
        buffer={buffer}
        version={version}
        state={state}
        live
        since={range.since}
        at={at}
        onLoadFrom={onLoadFrom}
        lineHref={hrefOf}
        onLineLink={onLineLink}
        downloadHref={(from, stream) => logDownloadUrl(target, from, stream)}
        lastRelease={lastRelease}
        onRetry={reload}
        onResume={resume}
        showSource={target.kind === 'service'}
      />
    </>
  );
}

function Title({ crumbs, children }: { crumbs: React.ReactNode; children: React.ReactNode }) {
  return (
    <header className="flex flex-wrap items-end justify-between gap-2">
      <div className="min-w-0">
        <p className="text-xs text-muted">
          <Link href="/logs" className="hover:underline">
            Logs
          </Link>{' '}
          / {crumbs}
        </p>
        <h1 className="flex min-w-0 items-center gap-2 text-lg font-semibold">{children}</h1>
      </div>
    </header>
  );
}

export function ContainerLog({
  host,
  container,
  since,
  at,
}: {
  host: string;
  container: string;
  since: string | null;
  at: string | null;
}) {
  const target = useMemo<TLogTarget>(() => ({ kind: 'container', host, container }), [host, container]);
  // The header's facts; the viewer says itself when the host does not answer, so no toast.
  const { data: c } = useQuery({ ...containerQueryOptions(host, container), meta: { inlineErrors: true } });
  const header = (
    <Title crumbs={host}>
      <span className="truncate">{container}</span>
      {c ? <StateBadge state={c.state} /> : null}
      <Link
        href={`/hosts/${encodeURIComponent(host)}/containers/${encodeURIComponent(container)}`}
        className="text-xs font-normal text-accent hover:underline"
      >
        container details
      </Link>
      {c?.service ? (
        <Link
          href={logsHref({ kind: 'service', service: c.service })}
          className="text-xs font-normal text-accent hover:underline"
        >
          all of service {c.service}
        </Link>
      ) : null}
    </Title>
  );
  return <LiveLog target={target} since={since} at={at} service={c?.service ?? null} header={header} />;
}

export function ServiceLog({
  service,
  since,
  at,
}: {
  service: string;
  since: string | null;
  at: string | null;
}) {
  const target = useMemo<TLogTarget>(() => ({ kind: 'service', service }), [service]);
  const header = (
    <Title crumbs="service">
      <span className="truncate">{service}</span>
      <Badge tone="info">all containers, merged</Badge>
      <Link href={serviceHref(service)} className="text-xs font-normal text-accent hover:underline">
        service page
      </Link>
    </Title>
  );
  return <LiveLog target={target} since={since} at={at} service={service} header={header} />;
}

/** The lines a release kept of a replaced or failed container, in the same viewer (nothing live). */
export function KeptLog({ release, kept, at }: { release: string; kept: string; at: string | null }) {
  const { data, error, isPending, refetch } = useReleaseLogs(release, false);
  const log = data?.find((k) => k.id === kept) ?? null;
  const { buffer, version } = useStaticLog(log ? log.lines : null);
  const hrefOf = useCallback(
    (row: TLineRow) => (row.line.ts ? logsHref({ kind: 'kept', release, kept }, { at: row.line.ts }) : null),
    [release, kept],
  );
  const onLineLink = useCallback((row: TLineRow) => replaceQuery({ at: row.line.ts }), []);
  if (isPending) return <LoadingBlock label="Loading the kept log…" rows={6} />;
  if (!data)
    return <ErrorPanel title="The kept log could not be read" error={error} onRetry={() => void refetch()} />;
  if (!log) return <ErrorPanel title="No such kept log" error={`release ${release} kept no log ${kept}`} />;
  return (
    <>
      <Title
        crumbs={
          <Link href={releaseHref(release)} className="hover:underline">
            release
          </Link>
        }
      >
        <span className="truncate">{log.container}</span>
        <Badge tone={log.kind === 'failed' ? 'bad' : 'neutral'}>
          {log.kind === 'failed' ? 'failed container' : 'replaced container'}
        </Badge>
        <span className="text-xs font-normal text-muted">
          on {log.host} · kept {log.capturedAt}
        </span>
      </Title>
      <LogViewer
        buffer={buffer}
        version={version}
        state={{ status: 'static', message: null, httpStatus: null, sources: [] }}
        live={false}
        since={null}
        at={at}
        onLoadFrom={() => {}}
        lineHref={hrefOf}
        onLineLink={onLineLink}
        downloadHref={null}
        lastRelease={null}
        onRetry={() => void refetch()}
        onResume={() => {}}
        showSource={false}
      />
    </>
  );
}

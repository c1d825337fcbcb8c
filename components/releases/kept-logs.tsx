'use client';

import Link from 'next/link';
import { formatDateTime, shortId } from '@/lib/format';
import { logsHref } from '@/lib/queries/logs';
import { useReleaseLogs } from '@/lib/queries/releases';
import { Badge } from '../ui/badge';
import { ErrorPanel } from '../ui/error-panel';
import { LoadingBlock } from '../ui/skeleton';

/**
 * The last lines of the containers a release replaced or that failed, kept after the containers are
 * gone. Container output is untrusted: it is only ever rendered as text.
 */
export function KeptLogs({ releaseId, live }: { releaseId: string; live: boolean }) {
  const { data, error, isPending, refetch } = useReleaseLogs(releaseId, live);
  if (isPending) return <LoadingBlock label="Loading kept logs…" rows={2} />;
  if (!data)
    return (
      <ErrorPanel title="The kept logs could not be read" error={error} onRetry={() => void refetch()} />
    );
  if (data.length === 0)
    return (
      <p className="text-sm text-muted">
        {live
          ? 'Nothing kept yet: lines are kept when a container is replaced or fails.'
          : 'No container was replaced or failed in this release.'}
      </p>
    );
  return (
    <div className="flex flex-col gap-3">
      {data.map((log) => (
        <details
          key={log.id}
          open={log.kind === 'failed'}
          className="rounded border border-line"
          data-testid="kept-log"
        >
          <summary className="flex cursor-pointer flex-wrap items-center gap-2 px-3 py-1.5 text-sm">
            <Badge tone={log.kind === 'failed' ? 'bad' : 'neutral'}>
              {log.kind === 'failed' ? 'failed container' : 'replaced container'}
            </Badge>
            <span className="font-medium">{log.host}</span>
            <code className="font-mono text-xs" title={log.container}>
              {shortId(log.container)}
            </code>
            <span className="text-xs text-muted">
              {log.lines.length} lines · kept {formatDateTime(log.capturedAt)}
            </span>
            <Link
              href={logsHref({ kind: 'kept', release: releaseId, kept: log.id })}
              className="ml-auto text-xs text-accent hover:underline"
            >
              Open in viewer
            </Link>
          </summary>
          <pre className="max-h-96 overflow-auto border-t border-line bg-raised px-3 py-2 font-mono text-xs leading-5 whitespace-pre-wrap break-all">
            {log.lines.length
              ? log.lines.map((l) => `${l.ts} ${l.text}`).join('\n')
              : '(the container wrote nothing)'}
          </pre>
        </details>
      ))}
    </div>
  );
}

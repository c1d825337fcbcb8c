'use client';

import Link from 'next/link';
import { releaseHref, useReleaseDiff } from '@/lib/queries/releases';
import type { TConfigChange } from '@/lib/types/releases';
import { ErrorPanel } from '../ui/error-panel';
import { LoadingBlock } from '../ui/skeleton';
import { TableHead, tableClass, tdClass } from '../ui/table';

const KIND: Record<TConfigChange['kind'], { sign: string; row: string }> = {
  added: { sign: '+', row: 'bg-emerald-50/70 dark:bg-emerald-950/30' },
  removed: { sign: '−', row: 'bg-red-50/70 dark:bg-red-950/30' },
  changed: { sign: '~', row: 'bg-amber-50/60 dark:bg-amber-950/30' },
};

function Value({ text }: { text: string | null }) {
  if (text === null) return <span className="text-muted">—</span>;
  return <code className="font-mono text-xs break-all whitespace-pre-wrap">{text}</code>;
}

/** The config of a release against the release before it; secrets say only that they changed. */
export function ConfigDiff({ releaseId }: { releaseId: string }) {
  const { data, error, isPending, refetch } = useReleaseDiff(releaseId);
  if (isPending) return <LoadingBlock label="Comparing configs…" rows={3} />;
  if (!data)
    return (
      <ErrorPanel title="The config diff could not be read" error={error} onRetry={() => void refetch()} />
    );
  const against = data.from ? (
    <>
      against{' '}
      <Link href={releaseHref(data.from.id)} className="text-accent hover:underline">
        #{data.from.number}
      </Link>
    </>
  ) : (
    'the first release of the service: every field is new'
  );
  if (data.changes.length === 0)
    return (
      <p className="text-sm text-muted" data-testid="config-diff">
        Same config as before ({against}).
      </p>
    );
  return (
    <div className="flex flex-col gap-2" data-testid="config-diff">
      <p className="text-xs text-muted">
        {data.changes.length} {data.changes.length === 1 ? 'change' : 'changes'} {against}
      </p>
      <div className="max-h-96 overflow-auto rounded border border-line">
        <table className={tableClass} aria-label="Config changes">
          <TableHead columns={['', 'Field', 'Before', 'After']} />
          <tbody>
            {data.changes.map((c) => (
              <tr key={c.path} className={KIND[c.kind].row} data-kind={c.kind}>
                <td className={`${tdClass} w-6 text-center font-mono`} title={c.kind}>
                  <span aria-hidden="true">{KIND[c.kind].sign}</span>
                  <span className="sr-only">{c.kind}</span>
                </td>
                <td className={`${tdClass} font-mono text-xs`}>{c.path}</td>
                <td className={tdClass}>
                  <Value text={c.before} />
                </td>
                <td className={tdClass}>
                  <Value text={c.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

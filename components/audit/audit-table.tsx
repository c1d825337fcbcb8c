import { memo } from 'react';
import { formatDateTime } from '@/lib/format';
import type { TAuditItem } from '@/lib/queries/audit';
import { Badge, type BadgeTone } from '../ui/badge';
import { TableFrame, tableClass, tdClass, thClass, theadClass } from '../ui/table';

const RESULT_TONE: Record<TAuditItem['result'], BadgeTone> = { ok: 'ok', denied: 'bad', error: 'warn' };

/** Details are untrusted JSON; shown as text, one line until opened. */
function Detail({ detail }: { detail: TAuditItem['detail'] }) {
  if (!detail || Object.keys(detail).length === 0) return <span className="text-muted">—</span>;
  const line = JSON.stringify(detail);
  return (
    <details className="w-80 max-w-80">
      <summary className="flex cursor-pointer items-center gap-1 font-mono text-xs" title={line}>
        <span aria-hidden="true" className="text-muted">
          ▸
        </span>
        <span className="truncate">{line}</span>
      </summary>
      <pre className="mt-1 max-h-48 overflow-auto rounded bg-raised p-2 font-mono text-[11px] whitespace-pre-wrap break-all">
        {JSON.stringify(detail, null, 2)}
      </pre>
    </details>
  );
}

const Row = memo(function Row({ item }: { item: TAuditItem }) {
  const denied = item.result === 'denied';
  return (
    <tr
      data-result={item.result}
      className={`[&>td]:align-top ${
        denied
          ? 'bg-red-50 shadow-[inset_3px_0_0_0_var(--color-red-500)] dark:bg-red-950/40'
          : 'hover:bg-raised/60'
      }`}
    >
      <td className={`${tdClass} whitespace-nowrap`}>
        <time dateTime={item.at}>{formatDateTime(item.at)}</time>
      </td>
      <td className={`${tdClass} max-w-40`}>
        <span className="block truncate" title={item.actor}>
          {item.actor}
        </span>
        <span className="text-xs text-muted">{item.via}</span>
      </td>
      <td className={`${tdClass} max-w-56`}>
        <span className="block truncate font-mono text-xs" title={item.action}>
          {item.action}
        </span>
      </td>
      <td className={`${tdClass} max-w-64`}>
        <span className="block truncate font-mono text-xs" title={item.target ?? undefined}>
          {item.target ?? '—'}
        </span>
      </td>
      <td className={tdClass}>
        <Badge tone={RESULT_TONE[item.result]}>{item.result}</Badge>
      </td>
      <td className={`${tdClass} tabular`}>{item.status}</td>
      <td className={`${tdClass} font-mono text-xs`}>{item.ip ?? '—'}</td>
      <td className={tdClass}>
        <Detail detail={item.detail} />
      </td>
    </tr>
  );
});

export function AuditTable({ items }: { items: TAuditItem[] }) {
  return (
    <TableFrame>
      <table className={tableClass} aria-label="Audit log">
        <thead className={theadClass}>
          <tr>
            {['Time', 'Actor', 'Action', 'Target', 'Result', 'Status', 'IP', 'Detail'].map((h) => (
              <th key={h} scope="col" className={thClass}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <Row key={item.id} item={item} />
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

'use client';

import { useState } from 'react';
import { formatBytes, formatDateTime } from '@/lib/format';
import type { TImageLayer } from '@/lib/types/images';
import { TableFrame, tableClass, tdClass, thClass, theadClass } from '../ui/table';

const LONG = 160;

/** `/bin/sh -c #(nop)  CMD ["x"]` reads as `CMD ["x"]`, and `/bin/sh -c apk add` as `RUN apk add`. */
export function stepText(createdBy: string): string {
  const text = createdBy.trim();
  const nop = /^\/bin\/sh -c #\(nop\)\s+(.*)$/s.exec(text);
  if (nop) return (nop[1] ?? '').trim();
  const run = /^\/bin\/sh -c\s+(.*)$/s.exec(text);
  if (run) return `RUN ${(run[1] ?? '').trim()}`;
  return text;
}

function Step({ layer }: { layer: TImageLayer }) {
  const [open, setOpen] = useState(false);
  const text = stepText(layer.createdBy) || '(no command recorded)';
  const long = text.length > LONG || text.includes('\n');
  return (
    <div className="flex min-w-0 flex-col items-start gap-0.5">
      <code
        className={`block max-w-full font-mono text-xs break-all whitespace-pre-wrap ${open ? '' : 'line-clamp-2'}`}
        title={open ? undefined : layer.createdBy}
      >
        {open ? layer.createdBy : text}
      </code>
      {layer.comment ? <span className="text-[11px] text-muted">{layer.comment}</span> : null}
      {long ? (
        <button
          type="button"
          onClick={() => setOpen((v) => !v)}
          aria-expanded={open}
          className="text-[11px] text-accent hover:underline"
        >
          {open ? 'Show less' : 'Show the full command'}
        </button>
      ) : null}
    </div>
  );
}

/** The image's history, base first; steps that added no layer are dimmed. */
export function LayersTable({ layers }: { layers: TImageLayer[] }) {
  if (layers.length === 0)
    return <p className="text-sm text-muted">The engine reports no history for this image.</p>;
  const real = layers.filter((l) => !l.empty).length;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-xs text-muted">
        {layers.length} steps, {real} of them added a layer. Oldest first.
      </p>
      <TableFrame className="max-h-[36rem] overflow-y-auto">
        <table className={tableClass} aria-label="Layers">
          <thead className={theadClass}>
            <tr>
              <th scope="col" className={`${thClass} w-8 text-right`}>
                #
              </th>
              <th scope="col" className={`${thClass} w-24 text-right`}>
                Size
              </th>
              <th scope="col" className={`${thClass} w-40`}>
                Created
              </th>
              <th scope="col" className={thClass}>
                Created by
              </th>
            </tr>
          </thead>
          <tbody>
            {layers.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: history steps have no identity of their own
              <tr key={i} className={`align-top ${l.empty ? 'text-muted' : ''}`} data-testid="layer-row">
                <td className={`${tdClass} text-right tabular align-top`}>{i + 1}</td>
                <td className={`${tdClass} text-right tabular align-top whitespace-nowrap`}>
                  {l.empty ? <span title="This step added no layer">—</span> : formatBytes(l.size)}
                </td>
                <td className={`${tdClass} align-top text-xs whitespace-nowrap`}>
                  {formatDateTime(l.createdAt)}
                </td>
                <td className={`${tdClass} max-w-0 align-top`}>
                  <Step layer={l} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
    </div>
  );
}

'use client';

import { useState } from 'react';
import { formatDateTime } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { scopeOf } from '@/lib/ports/claims';
import { useDeleteReservation, usePortReservations } from '@/lib/queries/ports';
import type { TPortReservation } from '@/lib/types/ports';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/dialog';
import { ErrorPanel } from '../ui/error-panel';
import { LoadingBlock } from '../ui/skeleton';
import { TableFrame, TableHead, tableClass, tdClass } from '../ui/table';
import { toast } from '../ui/toast';
import { AddressText } from './claim-parts';

/** The host's reservations, newest first, with a Delete for operators and above. */
export function ReservationsTable({ hostRef, onAdd }: { hostRef: string; onAdd?: () => void }) {
  const { data, error, isPending, refetch } = usePortReservations(hostRef);
  const canReserve = useCan('ports.reserve');
  const remove = useDeleteReservation(hostRef);
  const [deleting, setDeleting] = useState<TPortReservation | null>(null);

  const confirm = () => {
    const r = deleting;
    if (!r) return;
    setDeleting(null);
    remove.mutate(r.id, {
      onSuccess: () => toast.success(`Released the reservation of ${r.port}/${r.proto}`),
    });
  };

  return (
    <section aria-label="Reservations" className="flex flex-col gap-2" data-testid="reservations">
      <div className="flex items-center gap-2">
        <h3 className="text-sm font-semibold">Reservations</h3>
        {data ? <span className="text-xs text-muted">{data.length}</span> : null}
        {canReserve && onAdd ? (
          <Button size="sm" className="ml-auto" onClick={onAdd}>
            Reserve a port
          </Button>
        ) : null}
      </div>
      {isPending ? (
        <LoadingBlock label="Loading reservations…" rows={2} />
      ) : !data ? (
        <ErrorPanel title="The reservations could not be read" error={error} onRetry={() => void refetch()} />
      ) : data.length === 0 ? (
        <p className="text-sm text-muted">
          No port is reserved on {hostRef}.{' '}
          {canReserve ? 'Reserve one for a planned service so nobody else takes it.' : ''}
        </p>
      ) : (
        <TableFrame className="max-h-80 overflow-y-auto">
          <table className={tableClass} aria-label="Port reservations">
            <TableHead columns={['Port', 'Address', 'Service', 'Note', 'By', 'Since']} actions={canReserve} />
            <tbody>
              {[...data]
                .sort((a, b) => a.port - b.port || a.proto.localeCompare(b.proto))
                .map((r) => (
                  <tr
                    key={r.id}
                    data-testid="reservation-row"
                    data-port={r.port}
                    className="hover:bg-raised/60"
                  >
                    <td className={`${tdClass} font-mono text-xs font-semibold tabular-nums`}>
                      {r.port}/{r.proto}
                    </td>
                    <td className={`${tdClass} whitespace-nowrap`}>
                      <AddressText claim={{ hostIp: r.hostIp, scope: scopeOf(r.hostIp) }} />
                    </td>
                    <td className={`${tdClass} break-all`}>
                      {r.service ?? <span className="text-muted">—</span>}
                    </td>
                    <td className={`${tdClass} min-w-48 break-words`}>{r.note}</td>
                    <td className={tdClass}>{r.createdBy}</td>
                    <td className={`${tdClass} text-xs whitespace-nowrap`}>{formatDateTime(r.createdAt)}</td>
                    {canReserve ? (
                      <td className={`${tdClass} text-right`}>
                        <Button
                          size="sm"
                          variant="ghost"
                          pending={remove.isPending && remove.variables === r.id}
                          onClick={() => setDeleting(r)}
                          aria-label={`Delete the reservation of ${r.port}/${r.proto}`}
                        >
                          Delete
                        </Button>
                      </td>
                    ) : null}
                  </tr>
                ))}
            </tbody>
          </table>
        </TableFrame>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={deleting ? `Release ${deleting.port}/${deleting.proto}?` : 'Release the reservation?'}
        description={
          deleting
            ? `The reservation “${deleting.note}” by ${deleting.createdBy} goes; the port may be suggested and taken again.`
            : ''
        }
        onConfirm={confirm}
        onCancel={() => setDeleting(null)}
        danger
        confirmLabel="Delete"
      />
    </section>
  );
}

import type { TPortConflict, TPortConflictKind } from '@/lib/types/ports';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';

export const CONFLICT_LABEL: Record<TPortConflictKind, string> = {
  'reservation-bound': 'reserved but bound',
  'double-reservation': 'reserved twice',
  'stopped-would-fail': 'would fail to start',
  'spec-double': 'in two specs',
  'spec-taken': 'spec port taken',
};

/** A host's port conflicts, each in words, with a button that finds it on the picture. */
export function ConflictsList({
  conflicts,
  onShow,
}: {
  conflicts: TPortConflict[];
  onShow?: (conflict: TPortConflict) => void;
}) {
  if (conflicts.length === 0) return null;
  return (
    <section
      aria-label="Port conflicts"
      data-testid="port-conflicts"
      className="flex flex-col gap-1 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-950 dark:border-red-900 dark:bg-red-950/50 dark:text-red-100"
    >
      <h3 className="font-semibold">
        {conflicts.length === 1 ? '1 port conflict' : `${conflicts.length} port conflicts`}
      </h3>
      <ul className="flex flex-col gap-1">
        {conflicts.map((c) => (
          <li
            key={`${c.kind}:${c.port}/${c.proto}:${c.message}`}
            className="flex flex-wrap items-center gap-2"
            data-testid="port-conflict"
          >
            <Badge tone="bad">{CONFLICT_LABEL[c.kind]}</Badge>
            <span className="min-w-0 flex-1 break-words">{c.message}</span>
            {onShow ? (
              <Button size="sm" variant="ghost" onClick={() => onShow(c)}>
                Show {c.port}/{c.proto}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

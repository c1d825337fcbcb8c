'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { invalidateVolumes, useMeasureSizes, useVolumeSizes } from '@/lib/queries/volumes';
import type { TVolumeSizes } from '@/lib/types/volumes';
import { Button, Spinner } from '../ui/button';
import { sizesLabel } from './volume-list-model';

function sizesTitle(sizes: TVolumeSizes): string | undefined {
  if (sizes.status === 'done') return `Measured ${formatDateTime(sizes.measuredAt ?? sizes.finishedAt)}`;
  if (sizes.status === 'running') return `Started ${formatDateTime(sizes.startedAt)}`;
  if (sizes.status === 'failed') return `Failed ${formatDateTime(sizes.finishedAt)}`;
  return 'The engine’s disk-usage call can take minutes on a big host, so it runs only when asked.';
}

/**
 * Starts the engine's disk-usage call in the background and follows it until it ends; the list's
 * sizes are read again then. `sizes` and `readAt` are what the volume list said and when.
 */
export function SizesControl({
  hostRef,
  sizes,
  readAt,
}: {
  hostRef: string;
  sizes: TVolumeSizes;
  readAt: number;
}) {
  const canMeasure = useCan('volumes.measure');
  const queryClient = useQueryClient();
  const measure = useMeasureSizes(hostRef);
  const [watching, setWatching] = useState(false);
  const poll = useVolumeSizes(hostRef, watching || sizes.status === 'running');
  // Whichever was read last tells the state: the poll while it runs, the list after it was read again.
  const current = poll.data && poll.dataUpdatedAt >= readAt ? poll.data : sizes;
  const running = current.status === 'running';

  const previous = useRef(current.status);
  useEffect(() => {
    if (previous.current === 'running' && current.status !== 'running') {
      setWatching(false);
      void invalidateVolumes(queryClient, hostRef);
    }
    previous.current = current.status;
  }, [current.status, queryClient, hostRef]);

  return (
    <div className="flex min-w-0 items-center gap-2 text-xs" data-testid="volume-sizes">
      <span
        aria-live="polite"
        title={sizesTitle(current)}
        className={`inline-flex min-w-0 items-center gap-1 ${current.status === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-muted'}`}
      >
        {running ? <Spinner /> : null}
        <span className="truncate">{sizesLabel(current, Date.now())}</span>
      </span>
      {measure.error ? (
        <span role="alert" className="text-red-700 dark:text-red-400">
          {measure.error.message}
        </span>
      ) : null}
      {canMeasure ? (
        <Button
          size="sm"
          pending={measure.isPending}
          disabled={running}
          onClick={() =>
            measure.mutate(undefined, {
              onSuccess: (result) => {
                if (result.status === 'running') setWatching(true);
                else void invalidateVolumes(queryClient, hostRef);
              },
            })
          }
          title="Ask the engine for the size of every volume; it runs in the background"
        >
          {running ? 'Measuring…' : 'Measure sizes'}
        </Button>
      ) : null}
    </div>
  );
}

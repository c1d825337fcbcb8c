'use client';

import { useState } from 'react';
import { useCan } from '@/lib/hooks/use-current-user';
import { useHostVolumes } from '@/lib/queries/volumes';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { LoadingBlock } from '../ui/skeleton';
import { SizesControl } from './sizes-control';
import { VolumeList } from './volume-list';
import type { VolumeFilter } from './volume-list-model';
import { VolumePruneDialog } from './volume-prune-dialog';

/** A host's volumes, its on-demand size measurement, and the prune of unused volumes for admins. */
export function HostVolumesPanel({ hostRef }: { hostRef: string }) {
  const { data, error, isPending, refetch, dataUpdatedAt } = useHostVolumes(hostRef);
  const canPrune = useCan('volumes.delete');
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<VolumeFilter>('all');
  const [pruning, setPruning] = useState(false);
  const now = Math.ceil(Math.max(dataUpdatedAt, 1) / 60_000) * 60_000;

  return (
    <section aria-label="Volumes" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-base font-semibold">Volumes</h2>
        <div className="ml-auto flex min-w-0 items-center gap-2">
          {data ? <SizesControl hostRef={hostRef} sizes={data.sizes} readAt={dataUpdatedAt} /> : null}
          {canPrune && data ? (
            <Button size="sm" variant="danger" onClick={() => setPruning(true)}>
              Prune unused volumes
            </Button>
          ) : null}
        </div>
      </div>
      {pruning ? <VolumePruneDialog hostRef={hostRef} onClose={() => setPruning(false)} /> : null}
      {isPending ? (
        <LoadingBlock label="Loading volumes…" rows={6} />
      ) : !data ? (
        <ErrorPanel title="The volumes could not be read" error={error} onRetry={() => void refetch()} />
      ) : (
        <VolumeList
          volumes={data.volumes}
          label="Volumes on this host"
          id="host-volumes"
          showHost={false}
          query={query}
          onQuery={setQuery}
          filter={filter}
          onFilter={setFilter}
          warnHours={data.backupWarnHours}
          now={now}
          empty={
            <EmptyState title="No volumes on this host">
              The engine answered but holds no volumes. They appear here when a container or a release creates
              one.
            </EmptyState>
          }
        />
      )}
    </section>
  );
}

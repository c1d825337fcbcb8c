'use client';

import { formatBytes, formatDateTime, shortId } from '@/lib/format';
import { isApiError } from '@/lib/queries/api';
import { usePrune, usePrunePreview } from '@/lib/queries/images';
import { MiniTable, Mono } from '../containers/detail-parts';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { ErrorPanel } from '../ui/error-panel';
import { FormError } from '../ui/field';
import { LoadingBlock } from '../ui/skeleton';
import { toast } from '../ui/toast';

/**
 * Prune in two steps: the preview lists the dangling images and the space they hold, and the
 * confirmation carries the preview's token, so the server refuses if the set changed in between.
 */
export function PruneDialog({
  hostRef,
  open,
  onClose,
}: {
  hostRef: string;
  open: boolean;
  onClose: () => void;
}) {
  const preview = usePrunePreview(hostRef, open);
  const prune = usePrune(hostRef);
  const changed = isApiError(prune.error) && prune.error.status === 409;

  const close = () => {
    prune.reset();
    onClose();
  };
  const again = () => {
    prune.reset();
    void preview.refetch();
  };

  const p = preview.data;
  return (
    <Dialog open={open} onClose={close} title={`Prune dangling images on ${hostRef}`} size="lg">
      {preview.isPending || preview.isFetching ? (
        <LoadingBlock label="Reading the dangling images…" rows={3} />
      ) : !p ? (
        <ErrorPanel
          title="The preview could not be read"
          error={preview.error}
          onRetry={() => void preview.refetch()}
        />
      ) : (
        <div className="flex flex-col gap-3">
          {p.images.length === 0 ? (
            <p className="text-sm">
              Nothing to prune: {hostRef} has no dangling images (untagged images that no container uses).
            </p>
          ) : (
            <>
              <p className="text-sm" data-testid="prune-summary">
                {p.images.length === 1 ? '1 dangling image goes' : `${p.images.length} dangling images go`},
                reclaiming <strong>{formatBytes(p.reclaimBytes)}</strong>. Tagged images and images a
                container uses stay.
              </p>
              <div className="max-h-64 overflow-y-auto">
                <MiniTable
                  label="Images to prune"
                  columns={['Image id', 'Was', 'Size', 'Created']}
                  empty=""
                  rows={p.images.map((i) => ({
                    key: i.id,
                    cells: [
                      <span key="id" title={i.id}>
                        <Mono>{shortId(i.id)}</Mono>
                      </span>,
                      <span
                        key="was"
                        className="block max-w-64 truncate text-xs"
                        title={(i.repoDigests ?? []).join('\n')}
                      >
                        {(i.repoDigests ?? []).map((d) => d.split('@')[0]).join(', ') || '—'}
                      </span>,
                      formatBytes(i.size),
                      formatDateTime(i.createdAt),
                    ],
                  }))}
                />
              </div>
            </>
          )}
          {changed ? (
            <div
              role="alert"
              className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
            >
              <p className="font-medium">
                The dangling images changed since this preview. Nothing was removed.
              </p>
              <p className="break-words">{prune.error?.message}</p>
              <p>Read the preview again and check what goes before you confirm.</p>
              <Button size="sm" className="self-start" onClick={again} pending={preview.isFetching}>
                Preview again
              </Button>
            </div>
          ) : prune.error ? (
            <FormError message={prune.error.message} />
          ) : null}
          <div className="flex justify-end gap-2">
            <Button onClick={close}>Cancel</Button>
            {p.images.length > 0 && !changed ? (
              <Button
                variant="danger"
                pending={prune.isPending}
                onClick={() =>
                  prune.mutate(p.confirm, {
                    onSuccess: (result) => {
                      toast.success(
                        `Pruned ${result.deleted.length} image(s) on ${hostRef}, reclaimed ${formatBytes(result.reclaimedBytes)}`,
                      );
                      for (const f of result.failed ?? [])
                        toast.error(`${shortId(f.id)} stayed: ${f.message}`);
                      close();
                    },
                  })
                }
              >
                Prune {p.images.length} {p.images.length === 1 ? 'image' : 'images'}
              </Button>
            ) : null}
          </div>
        </div>
      )}
    </Dialog>
  );
}

'use client';

import Link from 'next/link';
import { hostVolumesHref, useVolumeBackups } from '@/lib/queries/volumes';
import type { TBackup } from '@/lib/types/volumes';
import { buttonClass } from '../ui/button';
import { ErrorPanel } from '../ui/error-panel';
import { Section } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { BackupsTable } from './backups-table';

/**
 * A volume that could not be read. When it no longer exists its backups are still listed, so a
 * deleted volume can be restored from here.
 */
export function MissingVolume({
  hostRef,
  name,
  error,
  missing,
  onRetry,
  onRestore,
}: {
  hostRef: string;
  name: string;
  error: unknown;
  missing: boolean;
  onRetry: () => void;
  onRestore: (backup: TBackup) => void;
}) {
  const backups = useVolumeBackups(hostRef, name, missing);
  return (
    <>
      <ErrorPanel
        title={missing ? `No volume ${name} on ${hostRef}` : 'The volume could not be read'}
        error={error}
        onRetry={missing ? undefined : onRetry}
      >
        <Link href={hostVolumesHref(hostRef)} className={buttonClass('secondary', 'sm', 'mt-2')}>
          Back to the volumes of {hostRef}
        </Link>
      </ErrorPanel>
      {!missing ? null : backups.isPending ? (
        <LoadingBlock label="Looking for its backups…" rows={2} />
      ) : backups.data && backups.data.length > 0 ? (
        <Section title={`Backups of ${name} (${backups.data.length})`}>
          <p className="mb-2 text-sm text-muted">
            The volume is gone but its backups are kept. Restoring one creates the volume again.
          </p>
          <BackupsTable backups={backups.data} onRestore={onRestore} />
        </Section>
      ) : backups.data ? (
        <p className="text-sm text-muted">Wharf keeps no backup of a volume named {name} on this host.</p>
      ) : null}
    </>
  );
}

'use client';

import { formatAgo, formatBytes, formatDateTime } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { backupDownloadHref } from '@/lib/queries/volumes';
import type { TBackup, TBackupReason } from '@/lib/types/volumes';
import { Badge, type BadgeTone } from '../ui/badge';
import { Button, buttonClass } from '../ui/button';
import { TableFrame, TableHead, tableClass, tdClass } from '../ui/table';

const REASON: Record<TBackupReason, { label: string; tone: BadgeTone }> = {
  manual: { label: 'manual', tone: 'neutral' },
  'pre-release': { label: 'before a release', tone: 'info' },
  'pre-delete': { label: 'before delete', tone: 'warn' },
  'pre-restore': { label: 'before a restore', tone: 'warn' },
};

function Row({
  backup: b,
  canDownload,
  canRestore,
  onRestore,
}: {
  backup: TBackup;
  canDownload: boolean;
  canRestore: boolean;
  onRestore: () => void;
}) {
  const reason = REASON[b.reason];
  return (
    <tr data-testid="backup-row" data-backup={b.id}>
      <td className={`${tdClass} whitespace-nowrap text-xs`} title={formatDateTime(b.createdAt)}>
        {formatAgo(b.createdAt)}
      </td>
      <td className={tdClass}>
        <Badge tone={reason.tone} title={b.releaseId ? `release ${b.releaseId}` : undefined}>
          {reason.label}
        </Badge>
      </td>
      <td className={`${tdClass} max-w-32`}>
        <span className="block truncate text-xs" title={b.createdBy}>
          {b.createdBy}
        </span>
      </td>
      <td className={`${tdClass} text-xs whitespace-nowrap tabular`}>{formatBytes(b.size)}</td>
      <td className={`${tdClass} font-mono text-xs`} title={`sha256:${b.sha256}`}>
        {b.sha256.slice(0, 12)}
      </td>
      <td className={`${tdClass} text-xs tabular`}>{b.fileCount}</td>
      <td className={`${tdClass} max-w-56`}>
        <span className="block truncate text-xs" title={b.note ?? undefined}>
          {b.note ?? <span className="text-muted">—</span>}
        </span>
      </td>
      <td className={`${tdClass} whitespace-nowrap text-right`}>
        {canDownload ? (
          <a
            href={backupDownloadHref(b.id)}
            download
            className={buttonClass('ghost', 'sm')}
            aria-label={`Download the backup of ${formatDateTime(b.createdAt)}`}
          >
            Download
          </a>
        ) : null}
        {canRestore ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={onRestore}
            aria-label={`Restore the backup of ${formatDateTime(b.createdAt)}`}
          >
            Restore
          </Button>
        ) : null}
      </td>
    </tr>
  );
}

/**
 * A volume's backups, newest first, with download for operators and restore for admins. The restore
 * dialog belongs to the page, so it stays open when the restored volume appears.
 */
export function BackupsTable({
  backups,
  onRestore,
}: {
  backups: TBackup[];
  onRestore: (backup: TBackup) => void;
}) {
  const canDownload = useCan('volumes.backup');
  const canRestore = useCan('volumes.restore');
  return (
    <TableFrame>
      <table className={tableClass} aria-label="Backups">
        <TableHead
          columns={['Taken', 'Why', 'By', 'Size', 'SHA-256', 'Entries', 'Note']}
          actions={canDownload || canRestore}
        />
        <tbody>
          {backups.map((b) => (
            <Row
              key={b.id}
              backup={b}
              canDownload={canDownload}
              canRestore={canRestore}
              onRestore={() => onRestore(b)}
            />
          ))}
        </tbody>
      </table>
    </TableFrame>
  );
}

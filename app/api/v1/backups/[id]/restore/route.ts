import { z } from 'zod';
import { ZId } from '@/lib/schemas/common';
import { ZRestoreBody } from '@/lib/schemas/volumes';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { backupRow } from '@/lib/server/volumes/backup-index';
import { restoreBackup } from '@/lib/server/volumes/restore';

const params = z.object({ id: ZId });

export const POST = route(
  { permission: 'volumes.restore', action: 'backups.restore', params, body: ZRestoreBody },
  async ({ params, body, principal, audit }) => {
    audit.target = `backup:${params.id}`;
    const row = await backupRow(params.id);
    const conn = await connectionFor(body.host ?? row.host_id);
    audit.detail = { from: `${row.host_name}/${row.volume}`, to: `${conn.name}/${body.volume}` };
    const result = await restoreBackup(params.id, conn, body.volume, {
      backupFirst: body.backupFirst,
      actor: principal.username,
    });
    audit.detail = {
      ...audit.detail,
      previousBackupId: result.previousBackupId,
      fileCount: result.fileCount,
    };
    return result;
  },
);

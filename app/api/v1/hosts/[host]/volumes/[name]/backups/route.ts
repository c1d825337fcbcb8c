import { z } from 'zod';
import { ZHostRef } from '@/lib/schemas/common';
import { ZBackupBody, ZVolumeName } from '@/lib/schemas/volumes';
import { inspectEngineVolume } from '@/lib/server/docker/volumes';
import { connectionFor } from '@/lib/server/hosts/store';
import { route } from '@/lib/server/http/route';
import { takeBackup } from '@/lib/server/volumes/backup';
import { listBackups } from '@/lib/server/volumes/backup-index';

const params = z.object({ host: ZHostRef, name: ZVolumeName });

export const GET = route({ permission: 'volumes.read', params }, async ({ params }) => {
  const conn = await connectionFor(params.host);
  return listBackups(conn.id, params.name);
});

export const POST = route(
  { permission: 'volumes.backup', action: 'volumes.backup', params, body: ZBackupBody, status: 201 },
  async ({ params, body, principal, audit }) => {
    audit.target = `volume:${params.host}/${params.name}`;
    const conn = await connectionFor(params.host);
    await inspectEngineVolume(conn, params.name);
    const backup = await takeBackup(conn, params.name, {
      reason: 'manual',
      note: body.note ?? null,
      actor: principal.username,
    });
    audit.detail = {
      backupId: backup.id,
      size: backup.size,
      sha256: backup.sha256,
      fileCount: backup.fileCount,
    };
    return backup;
  },
);

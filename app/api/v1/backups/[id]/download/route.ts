import fs from 'node:fs';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { ZId } from '@/lib/schemas/common';
import { route } from '@/lib/server/http/route';
import { backupPath, backupRow } from '@/lib/server/volumes/backup-index';

const params = z.object({ id: ZId });

/** The backup's file, streamed; the audit entry says whether all of it was sent. */
export const GET = route(
  { permission: 'volumes.backup', action: 'backups.download', params, audited: true },
  async ({ params, audit }) => {
    audit.target = `backup:${params.id}`;
    const row = await backupRow(params.id);
    audit.detail = { host: row.host_name, volume: row.volume, size: Number(row.size) };
    const file = backupPath(row.file);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat)
      throw new AppError('NOT_FOUND', `the file of backup ${params.id} is missing from the backup directory`);
    const stream = fs.createReadStream(file);
    let sent = 0;
    stream.on('data', (chunk) => {
      sent += chunk.length;
    });
    audit.outcome = new Promise((resolve) => {
      stream.on('end', () => resolve({ ok: true, detail: { sent } }));
      stream.on('close', () => resolve({ ok: sent === stat.size, detail: { sent } }));
      stream.on('error', (error) => resolve({ ok: false, detail: { sent, error: error.message } }));
    });
    const name = `${row.host_name}-${row.volume}-${row.created_at.replace(/[:.]/g, '-')}.tar.gz`;
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'content-type': 'application/gzip',
        'content-length': String(stat.size),
        'content-disposition': `attachment; filename="${name}"`,
        'x-wharf-sha256': row.sha256,
        'cache-control': 'no-store',
      },
    });
  },
);

import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import { databaseDialect } from '../db';
import { backupDir } from '../env';

/** A `.partial` this old is no backup in progress on any instance (transfers stall out far sooner). */
const STALE_MS = 60 * 60_000;

/**
 * Removes the `.partial` files of backups a crash cut short. With SQLite the backup directory is this
 * one instance's, so every `.partial` found at start is dead; with PostgreSQL other instances may be
 * writing into a shared directory, so only old ones go.
 */
export async function sweepPartialBackups(now = Date.now()): Promise<string[]> {
  const all = databaseDialect() === 'sqlite';
  const removed: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith('.partial')) {
        const stat = await fs.promises.stat(full).catch(() => null);
        if (stat && (all || now - stat.mtimeMs > STALE_MS)) {
          await fs.promises.rm(full, { force: true });
          removed.push(path.relative(backupDir(), full));
        }
      }
    }
  };
  await walk(backupDir());
  return removed;
}

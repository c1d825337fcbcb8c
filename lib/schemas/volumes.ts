import { z } from 'zod';
import { ZHostRef } from './common';

/** A volume name as the engine accepts it (`docker volume create`): 2+ characters, letters, digits, _ . -. */
export const ZVolumeName = z
  .string()
  .min(2, 'a volume name has at least 2 characters')
  .max(255, 'a volume name has at most 255 characters')
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/,
    'a volume name uses letters, digits and _ . - and starts with a letter or digit',
  );

const ZReason = z
  .string({ error: 'reason is required: say why' })
  .trim()
  .min(3, 'reason: say why, in at least 3 characters')
  .max(500, 'reason has at most 500 characters');

/** Protecting a volume, or lifting its protection: both need a reason for the audit log. */
export const ZProtectionBody = z.strictObject({ reason: ZReason });

const zFlag = (name: string) =>
  z.enum(['true', 'false'], { error: `${name} is true or false` }).transform((v) => v === 'true');

export const ZDeleteVolumeQuery = z.strictObject({
  /** The volume's name typed back. */
  confirm: z.string().max(255).optional(),
  /** `false` declines the backup otherwise taken before the delete. */
  backup: zFlag('backup').default(true),
});

export const ZBackupBody = z.strictObject({
  note: z.string().trim().max(500, 'note has at most 500 characters').optional(),
});

export const ZRestoreBody = z.strictObject({
  /** The volume to restore into: the backup's own, or a new one that is created. */
  volume: ZVolumeName,
  /** The host to restore on; the backup's host when left out. */
  host: ZHostRef.optional(),
  /** `false` declines the backup of the target's current content taken before it is replaced. */
  backupFirst: z.boolean().default(true),
});

export const ZVolumePruneBody = z.strictObject({
  /** The preview's token: the prune is refused if the set of volumes changed since. */
  confirm: z.string().min(1).max(128),
  /** `false` declines the backup otherwise taken of each volume before it is removed. */
  backup: z.boolean().default(true),
});

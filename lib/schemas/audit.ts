import { z } from 'zod';
import { AUDIT_RESULTS } from '@/lib/types/access';
import { ZIsoTime } from './common';

/** Text matched in the database; PostgreSQL refuses a NUL character in a parameter. */
const zSearchText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'the text must not contain a NUL character');

export const ZAuditQuery = z.strictObject({
  actor: zSearchText(100).optional(),
  action: zSearchText(100).optional(),
  target: zSearchText(200).optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  since: ZIsoTime.optional(),
  until: ZIsoTime.optional(),
  cursor: zSearchText(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

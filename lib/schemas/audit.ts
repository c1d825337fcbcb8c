import { z } from 'zod';
import { AUDIT_RESULTS } from '@/lib/types/access';
import { ZIsoTime } from './common';

export const ZAuditQuery = z.strictObject({
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(200).optional(),
  result: z.enum(AUDIT_RESULTS).optional(),
  since: ZIsoTime.optional(),
  until: ZIsoTime.optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

import { z } from 'zod';
import { RELEASE_STATUSES } from '@/lib/types/releases';
import { ZId, ZIsoTime, zResourceName } from './common';
import { ZDigest, ZTag } from './images';

export const ZServiceName = zResourceName('service');
export const ZServiceParams = z.object({ name: ZServiceName });
export const ZReleaseParams = z.object({ id: ZId });

const ZNote = z.string().trim().max(2000, 'a note has at most 2000 characters').default('');

/** `POST /services/{name}/releases`: exactly one of tag and digest. */
export const ZRequestRelease = z
  .strictObject({
    tag: ZTag.optional(),
    digest: ZDigest.optional(),
    note: ZNote,
    /** A hotfix may run during a freeze, once a lead approved it. */
    hotfix: z.boolean().default(false),
  })
  .refine((b) => (b.tag === undefined) !== (b.digest === undefined), {
    message: 'name the image by tag or by digest, one of the two',
    path: ['tag'],
  });
export type TRequestRelease = z.infer<typeof ZRequestRelease>;

/** `POST /services/{name}/rollback`: to a release number, or by default the last good one before the current. */
export const ZRollbackBody = z.strictObject({
  toRelease: z.number().int().min(1).optional(),
  note: ZNote,
});

export const ZApproveBody = z.strictObject({ note: ZNote });
export const ZRejectBody = z.strictObject({
  reason: z.string().trim().min(1, 'say why the release is rejected').max(2000),
});
export const ZCancelBody = z.strictObject({ reason: z.string().trim().max(2000).default('') });

export const ZReleaseQuery = z.object({
  status: z
    .string()
    .optional()
    .refine(
      (s) => !s || s.split(',').every((x) => (RELEASE_STATUSES as readonly string[]).includes(x)),
      `status is a comma-separated list of ${RELEASE_STATUSES.join(', ')}`,
    ),
  service: ZServiceName.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const ZFreezeBody = z
  .strictObject({
    /** Omitted for a fleet-wide freeze. */
    service: ZServiceName.optional(),
    startsAt: ZIsoTime,
    endsAt: ZIsoTime,
    reason: z.string().trim().min(1, 'say why deploys are frozen').max(500),
  })
  .refine((f) => Date.parse(f.endsAt) > Date.parse(f.startsAt), {
    message: 'endsAt is after startsAt',
    path: ['endsAt'],
  });

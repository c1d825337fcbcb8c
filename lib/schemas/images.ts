import { z } from 'zod';
import {
  InvalidReference,
  isValidDigest,
  isValidRepositoryPath,
  isValidTag,
  parseReference,
  tryParseReference,
} from '@/lib/images/reference';
import { ZHostRef } from './common';

/** An image reference checked against the distribution grammar; the message says what is wrong. */
export const ZImageRef = z.string().superRefine((value, ctx) => {
  try {
    parseReference(value);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: error instanceof InvalidReference ? error.message : 'not an image reference',
    });
  }
});

export const ZTag = z
  .string()
  .max(128)
  .refine(isValidTag, 'not a valid tag (letters, digits, _ . -, at most 128)');
export const ZDigest = z
  .string()
  .max(200)
  .refine(isValidDigest, 'not a valid digest (sha256: and 64 hex digits)');
export const ZRepositoryPath = z
  .string()
  .min(1)
  .max(255)
  .refine(isValidRepositoryPath, 'not a valid repository name (lower-case, digits, . _ - /)');

/** An image on a host: its full id, an id prefix of 12+ hex digits, or a repository:tag. */
function isImageIdOrReference(value: string): boolean {
  return /^(sha256:)?[0-9a-f]{12,64}$/.test(value) || tryParseReference(value) !== null;
}

/** An image on a host: its full id, an id prefix of 12+ hex digits, or a repository:tag. */
export const ZImageId = z
  .string()
  .min(1)
  .max(600)
  .refine(
    isImageIdOrReference,
    'an image is named by its id, an id prefix of at least 12 hex digits, or repository:tag',
  );

export const ZPullBody = z.strictObject({ ref: ZImageRef });

export const ZPruneBody = z.strictObject({
  /** The preview's token: the prune is refused if the set of dangling images changed since. */
  confirm: z.string().min(1).max(128),
});

/** A pull to several hosts at once; every host when `hosts` is left out. */
export const ZFleetPullBody = z.strictObject({
  ref: ZImageRef,
  hosts: z.array(ZHostRef).min(1).max(100).optional(),
});

/** Removing an image; with `tag`, only that tag when the image has several. */
export const ZRemoveImageQuery = z.strictObject({
  tag: ZImageRef.refine(
    (ref) => tryParseReference(ref)?.tag != null,
    'name the tag as repository:tag',
  ).optional(),
});

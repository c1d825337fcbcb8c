import { z } from 'zod';

/** A host's id or its unique name, as used in `/hosts/{host}`. */
export const ZHostRef = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a host is named by its id or name (letters, digits, _ . -)');

/** A container's id, unique id prefix or name, as the Docker API accepts it. */
export const ZContainerRef = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'a container is named by its id, an id prefix or its name');

export const ZId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+$/, 'not a valid id');

export const ZLabels = z
  .record(
    z
      .string()
      .min(1)
      .max(128)
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.\-/]*$/, 'label keys use letters, digits and _ . - /'),
    z.string().max(512),
  )
  .refine((labels) => Object.keys(labels).length <= 50, 'at most 50 labels');

export const ZIsoTime = z.iso.datetime({ offset: true });

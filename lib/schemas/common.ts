import { z } from 'zod';

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** Ids are 20 lower-case letters and digits; a name that looks like one would shadow it in a path. */
const ID_LIKE = /^[a-z0-9]{20}$/;

/** A reference to a host or registry by its id or its unique name, as in `/hosts/{host}`. */
const zRef = (what: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .regex(NAME_PATTERN, `a ${what} is named by its id or name (letters, digits, _ . -)`);

/** The unique name a host or registry is given; never one that could be taken for an id. */
export const zResourceName = (what: string) =>
  z
    .string()
    .trim()
    .min(1, 'a name is required')
    .max(64, 'a name has at most 64 characters')
    .regex(NAME_PATTERN, 'a name uses letters, digits and _ . - and starts with a letter or digit')
    .refine((name) => !ID_LIKE.test(name), `a name must not look like a ${what} id`);

/** A host's id or its unique name, as used in `/hosts/{host}`. */
export const ZHostRef = zRef('host');

/** A registry's id or its unique name, as used in `/registries/{reg}`. */
export const ZRegistryRef = zRef('registry');

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

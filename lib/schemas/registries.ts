import { z } from 'zod';
import { zResourceName } from './common';
import { ZRepositoryPath } from './images';

export const ZRegistryName = zResourceName('registry');

export const REGISTRY_URL_HELP = 'use http(s)://HOST[:PORT][/path], without credentials, query or fragment';

/** Why a registry URL is refused, or null when it is fine. */
export function registryUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not a URL: ${REGISTRY_URL_HELP}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `unsupported scheme ${url.protocol}: ${REGISTRY_URL_HELP}`;
  }
  if (!url.hostname) return 'the URL has no host';
  if (url.username || url.password) {
    return 'put the credentials in username and password, not in the URL';
  }
  if (url.search || url.hash || /[?#]/.test(value)) return 'a registry URL has no query or fragment';
  return null;
}

/**
 * The stored form of a registry URL: scheme, lower-case host, optional port and path without a trailing
 * slash, e.g. `https://registry.example.com` or `http://127.0.0.1:5055/mirror`.
 */
export function normalizeRegistryUrl(value: string): string {
  const url = new URL(value);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

export const ZRegistryUrl = z
  .string()
  .trim()
  .min(1, 'a URL is required')
  .max(512, 'a URL has at most 512 characters')
  .superRefine((value, ctx) => {
    const problem = registryUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(normalizeRegistryUrl);

const HOST_PORT_RE =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:]+\])(?::[0-9]{1,5})?$/;

/** A host (with its port when not the default) whose bearer-token realm may be followed. */
export const ZTokenHost = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(255)
  .regex(HOST_PORT_RE, 'a token host is HOST or HOST:PORT, without scheme or path');

export const ZTokenHosts = z.array(ZTokenHost).max(20, 'at most 20 token hosts');

export const ZRegistryTimeout = z
  .number()
  .int()
  .min(500, 'the deadline is at least 500 ms')
  .max(60_000, 'the deadline is at most 60000 ms');

const ZUsername = z.string().trim().min(1, 'the username is empty').max(256);
/** A password or an access token, sent as the password of basic auth. */
const ZPassword = z.string().min(1, 'the password is empty').max(4096);

export const ZCreateRegistry = z
  .strictObject({
    name: ZRegistryName,
    url: ZRegistryUrl,
    username: ZUsername.optional(),
    password: ZPassword.optional(),
    tokenHosts: ZTokenHosts.optional(),
    timeoutMs: ZRegistryTimeout.optional(),
  })
  .superRefine((reg, ctx) => {
    if (reg.password !== undefined && reg.username === undefined) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'a password needs a username' });
    }
  });
export type TCreateRegistry = z.infer<typeof ZCreateRegistry>;

/** `null` clears the username or the password. */
export const ZUpdateRegistry = z.strictObject({
  url: ZRegistryUrl.optional(),
  username: ZUsername.nullable().optional(),
  password: ZPassword.nullable().optional(),
  tokenHosts: ZTokenHosts.optional(),
  timeoutMs: ZRegistryTimeout.optional(),
});
export type TUpdateRegistry = z.infer<typeof ZUpdateRegistry>;

export const ZRepositoryQuery = z.object({
  q: z.string().max(255, 'q has at most 255 characters').optional(),
  n: z.coerce
    .number()
    .int('n is a whole number')
    .min(1, 'n is at least 1')
    .max(1000, 'n is at most 1000')
    .optional(),
  last: ZRepositoryPath.optional(),
});
export type TRepositoryQuery = z.infer<typeof ZRepositoryQuery>;

export const ZTagQuery = z.object({
  details: z.enum(['true', 'false'], 'details is true or false').optional(),
});

/** `/registries/{reg}/repositories/{path...}`: the repository path, then `tags` or `manifests/{reference}`. */
export const ZRepositorySubpath = z
  .array(z.string().min(1).max(255))
  .min(2, 'the path is {repository}/tags or {repository}/manifests/{reference}')
  .max(64);

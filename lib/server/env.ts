import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { ROLES } from '@/lib/auth/permissions';

const ZEnv = z.object({
  WHARF_SECRET: z
    .string({ error: 'WHARF_SECRET is required: generate one with `openssl rand -base64 48`' })
    .min(32, 'WHARF_SECRET must be at least 32 characters: generate one with `openssl rand -base64 48`'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)')
    .optional(),
  WHARF_DATA_DIR: z.string().default('./data'),
  WHARF_ADMIN_USERNAME: z.string().default('admin'),
  WHARF_ADMIN_PASSWORD: z.string().min(10).optional(),
  WHARF_OIDC_ISSUER: z.url().optional(),
  WHARF_OIDC_CLIENT_ID: z.string().optional(),
  WHARF_OIDC_CLIENT_SECRET: z.string().optional(),
  WHARF_OIDC_NAME: z.string().default('Single sign-on'),
  WHARF_OIDC_ROLE_CLAIM: z.string().default('wharf_role'),
  WHARF_OIDC_DEFAULT_ROLE: z.enum(ROLES).default('viewer'),
  WHARF_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  WHARF_SIGNIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** Where volume backups are written; several instances must share it. */
  WHARF_BACKUP_DIR: z.string().optional(),
  /** Backups kept per volume; older ones are removed after each new backup. */
  WHARF_BACKUP_KEEP: z.coerce.number().int().min(1, 'WHARF_BACKUP_KEEP is at least 1').default(7),
  /** A protected volume with no backup for this long is flagged. */
  WHARF_BACKUP_WARN_HOURS: z.coerce.number().int().min(1).default(24),
  /** The deadline of a host's disk-usage run, which can take minutes on a big host. */
  WHARF_VOLUME_SIZE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(600),
  /** An approval not used within this time expires; the release must be requested again. */
  WHARF_APPROVAL_TTL_HOURS: z.coerce.number().min(0.01).default(24),
  /**
   * How long a release lock holds without its runner's heartbeat (sent every sixth of it): a release
   * whose Wharf instance died is reconciled by another instance, or by the restarted one, after this.
   */
  WHARF_RELEASE_LEASE_SECONDS: z.coerce
    .number()
    .min(3, 'WHARF_RELEASE_LEASE_SECONDS is at least 3')
    .max(600, 'WHARF_RELEASE_LEASE_SECONDS is at most 600')
    .default(30),
  /** Proxies in front of Wharf that append to X-Forwarded-For: the client's address is that many entries from the right. */
  WHARF_TRUSTED_PROXIES: z.coerce.number().int().min(1).max(10).default(1),
  /** The longest time window a log search may cover. */
  WHARF_LOG_SEARCH_MAX_HOURS: z.coerce.number().positive().default(24),
  NODE_ENV: z.string().default('development'),
});
export type Env = z.infer<typeof ZEnv>;

let cached: Env | undefined;

/** The environment, parsed once. Nothing else in the app reads process.env. */
export function getEnv(): Env {
  if (!cached) {
    const parsed = ZEnv.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`Wharf's environment is not valid: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function dataDir(): string {
  return path.resolve(getEnv().WHARF_DATA_DIR);
}

export function backupDir(): string {
  return path.resolve(getEnv().WHARF_BACKUP_DIR ?? path.join(dataDir(), 'backups'));
}

export function isOidcConfigured(): boolean {
  const env = getEnv();
  return Boolean(env.WHARF_OIDC_ISSUER && env.WHARF_OIDC_CLIENT_ID && env.WHARF_OIDC_CLIENT_SECRET);
}

export const WHARF_VERSION = process.env.npm_package_version ?? '0.1.0';

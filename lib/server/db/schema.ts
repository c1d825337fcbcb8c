import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '@/lib/auth/permissions';

/** Booleans are stored as 0/1 and times as ISO-8601 text, the same on SQLite and PostgreSQL. */
export type UsersTable = {
  id: string;
  username: string;
  password_hash: string | null;
  role: Role;
  disabled: number;
  source: 'local' | 'oidc';
  created_at: string;
  updated_at: string;
};

export type ApiTokensTable = {
  id: string;
  user_id: string;
  name: string;
  role: Role;
  token_hash: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
};

export type HostsTable = {
  id: string;
  name: string;
  url: string;
  tls_ca: string | null;
  tls_cert: string | null;
  tls_key_enc: string | null;
  labels: string;
  timeout_ms: number;
  created_at: string;
  updated_at: string;
};

export type AuditTable = {
  id: string;
  at: string;
  actor: string;
  actor_id: string | null;
  via: 'session' | 'token' | 'anonymous' | 'system';
  action: string;
  target: string | null;
  result: 'ok' | 'denied' | 'error';
  status: number;
  detail: string | null;
  ip: string | null;
};

export type SigninFailuresTable = {
  id: Generated<string>;
  username: string;
  ip: string;
  at: string;
};

export type RegistriesTable = {
  id: string;
  name: string;
  url: string;
  username: string | null;
  password_enc: string | null;
  /** JSON array of extra host names whose token realm may be followed. */
  token_hosts: string;
  timeout_ms: number;
  created_at: string;
  updated_at: string;
};

export type TagDigestsTable = {
  /** `registry-host/path` as in an image reference, e.g. `127.0.0.1:5055/wharf-demo/app`. */
  repository: string;
  tag: string;
  digest: string;
  /** Where it was seen: `registry:<name>` or `host:<name>`. */
  source: string;
  first_seen: string;
  last_seen: string;
};

export type VolumeProtectionsTable = {
  host_id: string;
  volume: string;
  reason: string;
  /** 1 when an admin lifted the protection (of the label or of a record). */
  lifted: number;
  created_by: string;
  created_at: string;
};

export type BackupsTable = {
  id: string;
  host_id: string;
  /** The host's name when the backup was taken, kept if the host is renamed or removed. */
  host_name: string;
  volume: string;
  /** The file's name inside the backup directory. */
  file: string;
  /** PostgreSQL answers bigint as a string. */
  size: number | string;
  sha256: string;
  file_count: number;
  reason: string;
  release_id: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
  ms: number;
};

export type PortReservationsTable = {
  id: string;
  host_id: string;
  port: number;
  proto: string;
  /** Empty for every address. */
  host_ip: string;
  service: string | null;
  note: string;
  created_by: string;
  created_at: string;
};

export type ServicesTable = {
  id: string;
  name: string;
  /** JSON of the spec with `secretEnv` values emptied; the values are in secret_env_enc. */
  spec: string;
  secret_env_enc: string | null;
  config_hash: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
};

export type ReleasesTable = {
  id: string;
  service_id: string;
  service_name: string;
  number: number;
  kind: string;
  status: string;
  tag: string | null;
  digest: string;
  image: string;
  git_revision: string | null;
  /** JSON of the spec deployed, `secretEnv` values emptied; the values are in secret_env_enc. */
  config: string;
  secret_env_enc: string | null;
  config_hash: string;
  note: string;
  hotfix: number;
  requested_by: string;
  requested_by_id: string | null;
  requested_at: string;
  approved_by: string | null;
  approved_at: string | null;
  approval_expires_at: string | null;
  approval_used: number;
  rejected_by: string | null;
  reject_reason: string | null;
  cancelled_by: string | null;
  rollback_to_id: string | null;
  started_at: string | null;
  finished_at: string | null;
  message: string;
  updated_at: string;
};

export type ReleaseStepsTable = {
  id: string;
  release_id: string;
  host: string | null;
  step: string;
  status: string;
  message: string;
  detail: string;
  started_at: string;
  finished_at: string | null;
};

export type ReleaseLogsTable = {
  id: string;
  release_id: string;
  host: string;
  container: string;
  kind: string;
  /** JSON array of lines. */
  lines: string;
  captured_at: string;
};

export type ReleaseLocksTable = {
  service_id: string;
  release_id: string;
  holder: string;
  instance: string;
  acquired_at: string;
  expires_at: string;
};

export type FreezeWindowsTable = {
  id: string;
  service: string | null;
  starts_at: string;
  ends_at: string;
  reason: string;
  created_by: string;
  created_at: string;
};

export type Database = {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  hosts: HostsTable;
  audit_log: AuditTable;
  signin_failures: SigninFailuresTable;
  registries: RegistriesTable;
  tag_digests: TagDigestsTable;
  volume_protections: VolumeProtectionsTable;
  backups: BackupsTable;
  port_reservations: PortReservationsTable;
  services: ServicesTable;
  releases: ReleasesTable;
  release_steps: ReleaseStepsTable;
  release_logs: ReleaseLogsTable;
  release_locks: ReleaseLocksTable;
  freeze_windows: FreezeWindowsTable;
};

export type UserRow = Selectable<UsersTable>;
export type HostRow = Selectable<HostsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditTable>;
export type NewAuditRow = Insertable<AuditTable>;
export type RegistryRow = Selectable<RegistriesTable>;
export type BackupRow = Selectable<BackupsTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type ReleaseRow = Selectable<ReleasesTable>;
export type ReleaseStepRow = Selectable<ReleaseStepsTable>;

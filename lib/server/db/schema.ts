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

export type Database = {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  hosts: HostsTable;
  audit_log: AuditTable;
  signin_failures: SigninFailuresTable;
};

export type UserRow = Selectable<UsersTable>;
export type HostRow = Selectable<HostsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type AuditRow = Selectable<AuditTable>;
export type NewAuditRow = Insertable<AuditTable>;

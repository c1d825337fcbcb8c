/** Users, API tokens and audit entries as the API answers with them, shared by the server and the browser. */
import type { Role } from '@/lib/auth/permissions';

export type TUser = {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  source: string;
  createdAt: string;
};

export type TApiToken = {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  owner: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type TCreatedToken = { id: string; token: string; name: string; role: Role; expiresAt: string | null };

export const AUDIT_RESULTS = ['ok', 'denied', 'error'] as const;
export type TAuditResult = (typeof AUDIT_RESULTS)[number];

export type TAuditItem = {
  id: string;
  at: string;
  actor: string;
  actor_id: string | null;
  via: 'session' | 'token' | 'anonymous' | 'system';
  action: string;
  target: string | null;
  result: TAuditResult;
  status: number;
  detail: Record<string, unknown> | null;
  ip: string | null;
};

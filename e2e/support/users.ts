import type { Role } from '@/lib/auth/permissions';

export const PASSWORDS: Record<Role, string> = {
  admin: process.env.WHARF_E2E_ADMIN_PASSWORD ?? 'e2e-admin-password',
  lead: 'e2e-lead-password',
  operator: 'e2e-operator-password',
  viewer: 'e2e-viewer-password',
};

export const USERNAMES: Record<Role, string> = {
  admin: 'admin',
  lead: 'lena-lead',
  operator: 'otto-ops',
  viewer: 'vera-viewer',
};

export const storageState = (role: Role) => `e2e/.auth/${role}.json`;

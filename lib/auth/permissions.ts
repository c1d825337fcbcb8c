/**
 * The one permission table. The server checks it on every request; the UI
 * reads the same table to hide what a role cannot do.
 */
export const ROLES = ['viewer', 'operator', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'overview.read',
  'hosts.read',
  'hosts.manage',
  'containers.read',
  'containers.operate',
  'containers.secrets',
  'events.read',
  'logs.read',
  'images.read',
  'images.pull',
  'images.delete',
  'registries.read',
  'registries.manage',
  'services.read',
  'services.manage',
  'services.privileged',
  'releases.request',
  'releases.freeze',
  'releases.approve',
  'releases.rollback',
  'volumes.read',
  'volumes.backup',
  'volumes.protect',
  'volumes.unprotect',
  'volumes.delete',
  'volumes.restore',
  'volumes.measure',
  'ports.read',
  'ports.reserve',
  'networks.read',
  'audit.read',
  'users.manage',
  'tokens.manage',
  'account.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: Permission[] = [
  'overview.read',
  'hosts.read',
  'containers.read',
  'events.read',
  'logs.read',
  'images.read',
  'registries.read',
  'services.read',
  'volumes.read',
  'ports.read',
  'networks.read',
  'tokens.manage',
  'account.read',
];
const OPERATOR: Permission[] = [
  ...VIEWER,
  'containers.operate',
  'services.manage',
  'releases.request',
  'images.pull',
  'ports.reserve',
  'volumes.backup',
  'volumes.measure',
];
const LEAD: Permission[] = [
  ...OPERATOR,
  'releases.approve',
  'releases.rollback',
  'releases.freeze',
  'volumes.protect',
  'audit.read',
];
const ADMIN: Permission[] = [
  ...LEAD,
  'hosts.manage',
  'registries.manage',
  'users.manage',
  'images.delete',
  'volumes.delete',
  'volumes.unprotect',
  'volumes.restore',
  'containers.secrets',
  'services.privileged',
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(VIEWER),
  operator: new Set(OPERATOR),
  lead: new Set(LEAD),
  admin: new Set(ADMIN),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** The lower of two roles: a token never grants more than its owner has now. */
export function lowerRole(a: Role, b: Role): Role {
  return roleRank(a) <= roleRank(b) ? a : b;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

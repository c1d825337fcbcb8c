import { describe, expect, it } from 'vitest';
import { can, lowerRole, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from './permissions';

describe('permission table', () => {
  it('gives each role everything the role below it has', () => {
    for (let i = 1; i < ROLES.length; i++) {
      const lower = ROLE_PERMISSIONS[ROLES[i - 1]!];
      const higher = ROLE_PERMISSIONS[ROLES[i]!];
      for (const p of lower) expect(higher.has(p), `${ROLES[i]} lacks ${p}`).toBe(true);
    }
  });

  it('matches the roles of the design', () => {
    expect(can('viewer', 'containers.read')).toBe(true);
    expect(can('viewer', 'containers.operate')).toBe(false);
    expect(can('viewer', 'containers.secrets')).toBe(false);
    expect(can('operator', 'containers.operate')).toBe(true);
    expect(can('operator', 'releases.request')).toBe(true);
    expect(can('operator', 'releases.approve')).toBe(false);
    expect(can('lead', 'releases.approve')).toBe(true);
    expect(can('lead', 'audit.read')).toBe(true);
    expect(can('lead', 'hosts.manage')).toBe(false);
    expect(can('lead', 'volumes.unprotect')).toBe(false);
    expect(can('admin', 'hosts.manage')).toBe(true);
    expect(can('admin', 'users.manage')).toBe(true);
    expect(can('admin', 'volumes.delete')).toBe(true);
  });

  it('gives admin every permission', () => {
    for (const p of PERMISSIONS) expect(can('admin', p)).toBe(true);
  });

  it('never lets a write hide behind a read', () => {
    for (const p of PERMISSIONS) {
      if (p.endsWith('.read')) continue;
      expect(ROLE_PERMISSIONS.viewer.has(p) ? p : null, `viewer must not have ${p}`).toBe(
        p === 'tokens.manage' ? p : null,
      );
    }
  });

  it('takes the lower role of a token and its owner', () => {
    expect(lowerRole('admin', 'viewer')).toBe('viewer');
    expect(lowerRole('operator', 'lead')).toBe('operator');
  });
});

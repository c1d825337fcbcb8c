import { describe, expect, it } from 'vitest';
import { RELEASE_STATUSES, TERMINAL_STATUSES } from '@/lib/types/releases';
import { approvalProblem, canMove, isTerminal, sourcesOf } from './state';

describe('release state machine', () => {
  it('lets nothing follow a terminal status', () => {
    for (const from of TERMINAL_STATUSES)
      for (const to of RELEASE_STATUSES) expect(canMove(from, to), `${from} -> ${to}`).toBe(false);
  });
  it('runs only from queued, and approves only from pending', () => {
    expect(sourcesOf('running')).toEqual(['queued']);
    expect(sourcesOf('queued')).toEqual(['pending_approval']);
    expect(sourcesOf('rejected')).toEqual(['pending_approval']);
  });
  it('cannot skip running to succeed, fail or roll back', () => {
    for (const to of ['succeeded', 'failed', 'rolled_back'] as const)
      expect(sourcesOf(to)).toEqual(['running']);
  });
  it('interrupts only what was queued or running', () => {
    expect(sourcesOf('interrupted').sort()).toEqual(['queued', 'running']);
    expect(isTerminal('interrupted')).toBe(true);
  });
});

describe('approvalProblem', () => {
  const base = {
    approvedBy: 'lead',
    approvalUsed: false,
    approvalExpiresAt: '2026-01-02T00:00:00.000Z',
    digest: 'sha256:aaa',
    configHash: 'sha256:c1',
  };
  const now = { digest: 'sha256:aaa', configHash: 'sha256:c1', at: Date.parse('2026-01-01T00:00:00Z') };
  it('accepts a fresh, unused approval of the same digest and config', () => {
    expect(approvalProblem(base, now)).toBeNull();
  });
  it('refuses a missing, used or expired approval', () => {
    expect(approvalProblem({ ...base, approvedBy: null }, now)).toMatch(/no approval/);
    expect(approvalProblem({ ...base, approvalUsed: true }, now)).toMatch(/used already/);
    expect(approvalProblem(base, { ...now, at: Date.parse('2026-01-03T00:00:00Z') })).toMatch(/expired/);
  });
  it('refuses when the tag moved or the spec changed', () => {
    expect(approvalProblem(base, { ...now, digest: 'sha256:bbb' })).toMatch(/tag now points/);
    expect(approvalProblem(base, { ...now, configHash: 'sha256:c2' })).toMatch(/spec was edited/);
  });
});

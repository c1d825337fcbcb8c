import { describe, expect, it } from 'vitest';
import { containerName, healthFromStatus, isUnboundedLog, maskEnv } from './containers';

describe('container rules', () => {
  it('reads health from the status line', () => {
    expect(healthFromStatus('Up 3 minutes (healthy)')).toBe('healthy');
    expect(healthFromStatus('Up 3 minutes (unhealthy)')).toBe('unhealthy');
    expect(healthFromStatus('Up 2 seconds (health: starting)')).toBe('starting');
    expect(healthFromStatus('Exited (0) 2 hours ago')).toBeNull();
  });

  it('masks secret-looking env values for everyone without the secrets permission', () => {
    const env = [
      'LOG_LEVEL=info',
      'DB_PASSWORD=hunter2',
      'API_TOKEN=abc',
      'DATABASE_URL=postgres://u:p@db/x',
      'EMPTY',
    ];
    const masked = maskEnv(env, false);
    expect(masked.map((e) => e.masked)).toEqual([false, true, true, true, false]);
    expect(masked[1]?.value).not.toContain('hunter2');
    expect(masked[4]).toEqual({ name: 'EMPTY', value: '', masked: false });
    expect(maskEnv(env, true)[1]).toEqual({ name: 'DB_PASSWORD', value: 'hunter2', masked: false });
  });

  it('flags json-file logs without max-size as unbounded', () => {
    expect(isUnboundedLog('json-file', {})).toBe(true);
    expect(isUnboundedLog('json-file', { 'max-size': '10m' })).toBe(false);
    expect(isUnboundedLog('journald', {})).toBe(false);
  });

  it('names a container by its first name without the slash', () => {
    expect(containerName(['/shop-web'], 'abcdef1234567890')).toBe('shop-web');
    expect(containerName([], 'abcdef1234567890')).toBe('abcdef123456');
    // A container another one links to also carries the link's alias as a name, often first.
    expect(containerName(['/web/db', '/api/db', '/ledger-db'], 'abcdef1234567890')).toBe('ledger-db');
  });
});

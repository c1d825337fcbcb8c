import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

describe('clientAddress', () => {
  it('takes the entry the nearest proxy appended, not what the client wrote before it', () => {
    expect(clientAddress('203.0.113.9, 198.51.100.4', undefined, 1)).toBe('198.51.100.4');
    expect(clientAddress('<script>x</script>, 198.51.100.4', undefined, 1)).toBe('198.51.100.4');
  });

  it('counts back one entry per trusted proxy', () => {
    expect(clientAddress('1.1.1.1, 198.51.100.4, 10.0.0.2', undefined, 2)).toBe('198.51.100.4');
  });

  it('takes the leftmost entry when there are fewer entries than proxies', () => {
    expect(clientAddress('198.51.100.4', undefined, 3)).toBe('198.51.100.4');
  });

  it('falls back to X-Real-IP, then to unknown', () => {
    expect(clientAddress(undefined, '198.51.100.7', 1)).toBe('198.51.100.7');
    expect(clientAddress(' , ', undefined, 1)).toBe('unknown');
  });

  it('caps what it keeps at 64 characters', () => {
    expect(clientAddress('x'.repeat(500), undefined, 1)).toHaveLength(64);
  });
});

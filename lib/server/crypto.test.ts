import { beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret, deriveSecret, encryptSecret, sha256Hex } from './crypto';

beforeAll(() => {
  process.env.WHARF_SECRET ??= 'unit-test-secret-unit-test-secret-unit-test';
});

describe('secrets at rest', () => {
  it('round-trips through AES-256-GCM and never stores the clear text', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    const stored = encryptSecret(key);
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored).not.toContain('PRIVATE KEY');
    expect(decryptSecret(stored)).toBe(key);
  });

  it('uses a fresh IV each time', () => {
    expect(encryptSecret('same')).not.toBe(encryptSecret('same'));
  });

  it('refuses a tampered or foreign value', () => {
    const [v, iv, tag, body] = encryptSecret('secret value').split('.');
    const flipped = `${body?.[0] === 'A' ? 'B' : 'A'}${body?.slice(1)}`;
    expect(() => decryptSecret([v, iv, tag, flipped].join('.'))).toThrow();
    expect(() => decryptSecret('plain text')).toThrow(/not an encrypted secret/);
  });

  it('derives a different key for each purpose, the same each time', () => {
    expect(deriveSecret('wharf-session-v1')).toBe(deriveSecret('wharf-session-v1'));
    expect(deriveSecret('wharf-session-v1')).not.toBe(deriveSecret('other'));
  });

  it('hashes tokens with SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

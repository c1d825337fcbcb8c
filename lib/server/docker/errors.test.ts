import { describe, expect, it } from 'vitest';
import { describeDockerError } from './errors';

describe('docker error messages', () => {
  it('says what a refused connection means', () => {
    const e = describeDockerError(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      'web-1',
    );
    expect(e.code).toBe('HOST_UNREACHABLE');
    expect(e.message).toMatch(/^web-1: connection refused/);
  });

  it('names TLS failures in words', () => {
    const unknownCa = describeDockerError({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'x' }, 'h');
    expect(unknownCa.message).toMatch(/unknown CA/);
    const expired = describeDockerError(
      { code: 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', message: 'x' },
      'h',
    );
    expect(expired.message).toMatch(/certificate expired/);
    const mismatch = describeDockerError({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'x' }, 'h');
    expect(mismatch.message).toMatch(/hostname mismatch/);
  });

  it('maps engine answers to statuses', () => {
    expect(
      describeDockerError({ statusCode: 404, json: { message: 'No such container: x' } }, 'h').code,
    ).toBe('NOT_FOUND');
    expect(describeDockerError({ statusCode: 304, reason: 'already started' }, 'h').code).toBe('CONFLICT');
    expect(describeDockerError({ statusCode: 500, reason: 'boom' }, 'h').code).toBe('HOST_UNREACHABLE');
    expect(
      describeDockerError({ statusCode: 400, reason: 'Client sent an HTTP request to an HTTPS server.' }, 'h')
        .message,
    ).toMatch(/requires TLS/);
  });
});

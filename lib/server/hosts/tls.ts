import 'server-only';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { TCertInfo } from '@/lib/types/fleet';

const DAY = 86_400_000;

export function certInfo(pem: string, now = Date.now()): TCertInfo {
  const cert = new X509Certificate(pem);
  const validTo = new Date(cert.validTo);
  return {
    subject: cert.subject.replace(/\n/g, ', '),
    issuer: cert.issuer.replace(/\n/g, ', '),
    fingerprint256: cert.fingerprint256,
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now) / DAY),
  };
}

/** Checks pasted PEM material before anything is sent to an engine or saved. */
export function checkTlsMaterial(tls: { ca: string; cert: string; key: string }, now = Date.now()): void {
  let ca: X509Certificate;
  let cert: X509Certificate;
  try {
    ca = new X509Certificate(tls.ca);
  } catch {
    throw new AppError('BAD_INPUT', 'the CA certificate is not a valid PEM certificate');
  }
  try {
    cert = new X509Certificate(tls.cert);
  } catch {
    throw new AppError('BAD_INPUT', 'the client certificate is not a valid PEM certificate');
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(tls.key);
  } catch {
    throw new AppError('BAD_INPUT', 'the client key is not a valid unencrypted PEM private key');
  }
  if (!cert.checkPrivateKey(key)) {
    throw new AppError('BAD_INPUT', 'the client key does not belong to the client certificate');
  }
  if (new Date(cert.validTo).getTime() < now) {
    throw new AppError(
      'BAD_INPUT',
      `the client certificate expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}`,
    );
  }
  if (new Date(cert.validFrom).getTime() > now) {
    throw new AppError('BAD_INPUT', 'the client certificate is not valid yet (check the clocks)');
  }
  if (new Date(ca.validTo).getTime() < now) {
    throw new AppError(
      'BAD_INPUT',
      `the CA certificate expired on ${new Date(ca.validTo).toISOString().slice(0, 10)}`,
    );
  }
}

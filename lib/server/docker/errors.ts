import { AppError } from '@/lib/errors';

type NodeLikeError = {
  code?: string;
  message?: string;
  statusCode?: number;
  reason?: string;
  json?: unknown;
};

/** Turns what a failed Docker call threw into an error a person can act on. */
export function describeDockerError(error: unknown, host: string): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as NodeLikeError;
  const code = e.code ?? '';
  const message = e.message ?? String(error);
  const on = `${host}:`;

  if (typeof e.statusCode === 'number') {
    const detail =
      typeof e.json === 'object' && e.json && 'message' in e.json
        ? String(e.json.message)
        : (e.reason ?? message);
    if (e.statusCode === 404) return new AppError('NOT_FOUND', `${on} ${detail}`);
    if (e.statusCode === 409 || e.statusCode === 304) return new AppError('CONFLICT', `${on} ${detail}`);
    if (e.statusCode === 400 && /HTTP request to an HTTPS server/i.test(detail)) {
      return new AppError(
        'HOST_UNREACHABLE',
        `${on} this engine requires TLS: paste the CA, client certificate and key`,
      );
    }
    if (e.statusCode >= 400 && e.statusCode < 500) return new AppError('BAD_INPUT', `${on} ${detail}`);
    return new AppError('HOST_UNREACHABLE', `${on} the engine answered ${e.statusCode}: ${detail}`);
  }

  const tls: Record<string, string> = {
    UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      "TLS: the engine's certificate is not signed by the CA you gave (unknown CA)",
    UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
      "TLS: the engine's certificate is not signed by the CA you gave (unknown CA)",
    SELF_SIGNED_CERT_IN_CHAIN: "TLS: the engine's certificate is not signed by the CA you gave (unknown CA)",
    DEPTH_ZERO_SELF_SIGNED_CERT: "TLS: the engine's certificate is self-signed and not the CA you gave",
    CERT_HAS_EXPIRED: "TLS: the engine's certificate has expired",
    CERT_NOT_YET_VALID: "TLS: the engine's certificate is not valid yet (check the clocks)",
    ERR_TLS_CERT_ALTNAME_INVALID:
      "TLS: hostname mismatch: the engine's certificate is not issued for this address",
    ERR_SSL_TLSV1_ALERT_UNKNOWN_CA:
      'TLS: the engine refused the client certificate: it is not signed by a CA the engine trusts (unknown CA)',
    ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED:
      'TLS: the engine refused the client certificate: certificate expired',
    ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'TLS: the engine refused the client certificate (bad certificate)',
    ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'TLS: the engine requires a client certificate',
    ERR_SSL_WRONG_VERSION_NUMBER:
      'TLS: the address does not speak TLS; is it a plain-HTTP port, or not a Docker engine?',
    EPROTO: 'TLS: the handshake failed; is this a TLS port of a Docker engine?',
  };
  if (tls[code]) return new AppError('HOST_UNREACHABLE', `${on} ${tls[code]}`);
  if (/alert unknown ca/i.test(message))
    return new AppError('HOST_UNREACHABLE', `${on} ${tls.ERR_SSL_TLSV1_ALERT_UNKNOWN_CA}`);
  if (/certificate expired/i.test(message)) {
    return new AppError('HOST_UNREACHABLE', `${on} ${tls.ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED}`);
  }
  if (/wrong version number|packet length too long/i.test(message)) {
    return new AppError('HOST_UNREACHABLE', `${on} ${tls.ERR_SSL_WRONG_VERSION_NUMBER}`);
  }

  const net: Record<string, string> = {
    ECONNREFUSED:
      'connection refused: nothing listens at that address; is the Docker engine running and exposed there?',
    ENOENT: 'no such socket: check the path, and that the engine is running',
    EACCES: 'permission denied on the socket: Wharf must be allowed to read and write it',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name does not resolve (DNS lookup failed)',
    EHOSTUNREACH: 'the host is unreachable on the network',
    ENETUNREACH: 'the network is unreachable',
    ECONNRESET:
      'the connection was reset by the engine; with TLS, the engine may have refused the client certificate',
    EPIPE: 'the connection was closed by the engine',
    ETIMEDOUT: 'timed out connecting',
    ENOTSOCK: 'the path is not a socket',
  };
  if (net[code])
    return new AppError(code === 'ETIMEDOUT' ? 'HOST_TIMEOUT' : 'HOST_UNREACHABLE', `${on} ${net[code]}`);
  if (/socket hang up/i.test(message)) {
    return new AppError(
      'HOST_UNREACHABLE',
      `${on} the connection closed without an answer; is this a Docker engine, and does it need TLS?`,
    );
  }
  if (/Unexpected token|JSON/i.test(message) || /parse error|HPE_/i.test(code)) {
    return new AppError('HOST_UNREACHABLE', `${on} the address answered, but not as a Docker engine`);
  }
  return new AppError('HOST_UNREACHABLE', `${on} ${message}`);
}

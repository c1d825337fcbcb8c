import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, markDatabaseError } from './unavailable';

/** An error as node-postgres makes it from a server's error response. */
function pgError(code: string, message = 'from the server'): Error {
  return Object.assign(new Error(message), { severity: 'FATAL', code });
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111 });
}

describe('isDatabaseUnavailable', () => {
  it('knows a PostgreSQL server that is shutting down, starting or out of connection slots', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300'])
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(true);
  });

  it('knows every SQLSTATE of class 08 (connection exception)', () => {
    for (const code of ['08000', '08001', '08003', '08004', '08006', '08P01'])
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(true);
  });

  it('knows the messages of node-postgres for a broken or slow connection', () => {
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
  });

  it('counts a socket error only when it came from connecting to the database', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']) {
      expect(isDatabaseUnavailable(markDatabaseError(socketError(code))), code).toBe(true);
      // The same error from an engine or a registry is not the database's.
      expect(isDatabaseUnavailable(socketError(code)), code).toBe(false);
    }
  });

  it('looks into the errors of an AggregateError and into causes', () => {
    const both = () => new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], '');
    expect(isDatabaseUnavailable(both())).toBe(false);
    expect(isDatabaseUnavailable(markDatabaseError(both()))).toBe(true);
    const migration = new Error('database migration  failed: Error: connect ECONNREFUSED', {
      cause: markDatabaseError(socketError('ECONNREFUSED')),
    });
    expect(isDatabaseUnavailable(migration)).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: pgError('57P01') }))).toBe(true);
  });

  it('knows SQLite locked past its busy timeout or a file it cannot open', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_CANTOPEN', 'SQLITE_CANTOPEN_ISDIR'])
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
  });

  it('leaves failed queries and other errors alone', () => {
    // Unique violation, syntax error, undefined table: the query is wrong, not the connection.
    for (const code of ['23505', '42601', '42P01', '40001'])
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(false);
    for (const code of ['SQLITE_CONSTRAINT_PRIMARYKEY', 'SQLITE_ERROR', 'SQLITE_BUSYNESS'])
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(false);
    // A SQLSTATE-looking code without a PostgreSQL severity is not a server error.
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    for (const value of [null, undefined, 'ECONNREFUSED', 57, {}])
      expect(isDatabaseUnavailable(value)).toBe(false);
  });

  it('stops at an error that is its own cause', () => {
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;
    expect(isDatabaseUnavailable(loop)).toBe(false);
  });
});

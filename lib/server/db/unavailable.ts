/**
 * Telling "the database is away for the moment" (a restart, a failover, a lost connection) apart from
 * a bug, so an API call can answer 503 and ask the caller to try again instead of a 500.
 */

/** Set on errors thrown while the pool opens a connection to PostgreSQL. */
const FROM_DATABASE = Symbol.for('wharf.database-connect');

/** Node socket errors that mean the server could not be reached or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs of a server that is shutting down or starting (57P01-57P03), of a lost connection
 * (class 08) and of a server with no free connection slot (53300).
 */
const PG_UNAVAILABLE = /^(57P0[123]|08[0-9A-Z]{3}|53300)$/;

/** Messages of node-postgres for a connection that broke or could not be opened in time. */
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/** SQLite: locked for longer than the busy timeout, or the file cannot be opened. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|CANTOPEN)(_|$)/;

type Loose = { code?: unknown; severity?: unknown; message?: unknown; cause?: unknown; errors?: unknown };

/** Marks an error thrown while connecting to the database, so its socket error is known as the database's. */
export function markDatabaseError<E>(error: E): E {
  if (error && typeof error === 'object')
    Object.defineProperty(error, FROM_DATABASE, { value: true, enumerable: false });
  return error;
}

function fromDatabase(error: object): boolean {
  return (error as Record<symbol, unknown>)[FROM_DATABASE] === true;
}

function oneIsUnavailable(error: Loose & object, marked: boolean): boolean {
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  if (SQLITE_UNAVAILABLE.test(code)) return true;
  // A PostgreSQL error response carries a severity and a SQLSTATE.
  if (typeof error.severity === 'string' && PG_UNAVAILABLE.test(code)) return true;
  if (PG_MESSAGES.test(message)) return true;
  return marked && NETWORK_CODES.has(code);
}

/**
 * Whether an error means the database cannot be reached now (the call may work when retried), as
 * opposed to a failed query. Looks through `cause` and the errors of an AggregateError.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (e: unknown, marked: boolean): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const loose = e as Loose & object;
    // The mark of an outer error covers the errors it carries (an AggregateError of each address).
    const inherited = marked || fromDatabase(loose);
    if (oneIsUnavailable(loose, inherited)) return true;
    if (visit(loose.cause, inherited)) return true;
    return Array.isArray(loose.errors) && loose.errors.some((inner) => visit(inner, inherited));
  };
  return visit(error, false);
}

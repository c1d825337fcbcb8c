import 'server-only';
import { type NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { can, type Permission } from '@/lib/auth/permissions';
import { AppError, type ErrorCode, isAppError } from '@/lib/errors';
import { writeAudit } from '../audit/audit';
import { clientIp, principalFromSession } from '../auth/next-auth';
import type { Principal } from '../auth/principal';
import { principalFromToken } from '../auth/tokens';
import { isDatabaseUnavailable } from '../db/unavailable';
import { checkOrigin } from './origin';

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

/** `public` needs no sign-in; every other route names the permission it needs. */
export type RoutePermission = Permission | 'public';

export type RouteContext<P extends Schema, Q extends Schema, B extends Schema> = {
  req: NextRequest;
  principal: Principal;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  /** What the audit entry of a mutation names, set by the handler once it knows. */
  audit: {
    target?: string;
    detail?: Record<string, unknown>;
    /**
     * For a streamed answer whose work goes on after the response starts: the entry is written once,
     * when this settles, with the outcome it reports, instead of at once.
     */
    outcome?: Promise<{ ok: boolean; detail?: Record<string, unknown> }>;
    /** Set by a read that hands data out (a log download) to be audited like a mutation. */
    record?: boolean;
  };
};

type RouteOptions<P extends Schema, Q extends Schema, B extends Schema> = {
  permission: RoutePermission;
  /** The audit action, e.g. `hosts.create`; every mutation has one. */
  action?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a successful answer, 200 unless said. */
  status?: number;
  /** Audit a read as well, for reads that hand out data (a backup's download). */
  audited?: boolean;
};

export type RouteMeta = { permission: RoutePermission; action?: string };
type NextHandler = ((
  req: NextRequest,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>) & {
  wharf: RouteMeta;
};

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function errorResponse(
  code: ErrorCode,
  message: string,
  status: number,
  details?: unknown,
): NextResponse {
  return NextResponse.json(
    { error: details === undefined ? { code, message } : { code, message, details } },
    { status },
  );
}

function zodMessage(error: z.ZodError, where: string): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const at = issue.path.length ? `${issue.path.join('.')}: ` : '';
    return `${at}${issue.message}`;
  });
  return `invalid ${where}: ${parts.join('; ')}`;
}

/** Whether any string in a value holds U+0000, which PostgreSQL cannot store and no field needs. */
function holdsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (v && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) {
        if (key.includes('\u0000')) return true;
        stack.push(inner);
      }
    }
  }
  return false;
}

function parseWith<S extends Schema>(schema: S, value: unknown, where: string): Infer<S> {
  if (!schema) return undefined as Infer<S>;
  if (holdsNul(value))
    throw new AppError('BAD_INPUT', `invalid ${where}: text must not contain the NUL character (U+0000)`);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('BAD_INPUT', zodMessage(parsed.error, where));
  return parsed.data as Infer<S>;
}

async function readJsonBody(req: NextRequest): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON with Content-Type: application/json');
  }
  const text = await req.text();
  if (text.length > 1_000_000) throw new AppError('BAD_INPUT', 'the body is larger than 1 MB');
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new AppError('BAD_INPUT', 'the body is not valid JSON');
  }
}

async function resolvePrincipal(req: NextRequest): Promise<Principal | null> {
  const auth = req.headers.get('authorization');
  if (auth !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match?.[1])
      throw new AppError('UNAUTHENTICATED', 'the Authorization header must be `Bearer <token>`');
    const principal = await principalFromToken(match[1]);
    if (!principal) throw new AppError('UNAUTHENTICATED', 'the API token is unknown, revoked or expired');
    return principal;
  }
  return principalFromSession(req);
}

function toResponse(error: unknown): { response: NextResponse; code: ErrorCode; message: string } {
  if (isAppError(error)) {
    return {
      response: errorResponse(error.code, error.message, error.status, error.details),
      code: error.code,
      message: error.message,
    };
  }
  if (error instanceof z.ZodError) {
    const message = zodMessage(error, 'input');
    return { response: errorResponse('BAD_INPUT', message, 400), code: 'BAD_INPUT', message };
  }
  if (isDatabaseUnavailable(error)) {
    const message = 'the database is not reachable; try again in a moment';
    console.error(`[wharf] ${message}: ${String(error)}`);
    const response = errorResponse('UNAVAILABLE', message, 503);
    response.headers.set('Retry-After', '5');
    return { response, code: 'UNAVAILABLE', message };
  }
  console.error('[wharf] unhandled error in route', error);
  return {
    response: errorResponse('INTERNAL', 'an internal error happened; it has been logged on the server', 500),
    code: 'INTERNAL',
    message: String(error),
  };
}

/**
 * Wraps every route handler: resolves the session or token, re-reads the user's role, checks the
 * permission and the Origin of a mutation, validates params, query and body with zod, maps errors to
 * `{ error: { code, message } }` and writes the audit entry of a mutation or a refusal.
 */
export function route<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(options: RouteOptions<P, Q, B>, handler: (ctx: RouteContext<P, Q, B>) => Promise<unknown>): NextHandler {
  const wrapped = async (
    req: NextRequest,
    nextCtx: { params: Promise<Record<string, string | string[]>> },
  ) => {
    const mutating = MUTATING.has(req.method);
    const audit: RouteContext<P, Q, B>['audit'] = {};
    let audited = mutating || options.audited === true;
    const action = options.action ?? `${req.method.toLowerCase()} ${req.nextUrl.pathname}`;
    let principal: Principal | null = null;
    let stage: 'auth' | 'run' = 'auth';
    try {
      principal = options.permission === 'public' ? null : await resolvePrincipal(req);
      if (options.permission !== 'public') {
        if (!principal) throw new AppError('UNAUTHENTICATED', 'sign in or send an API token');
        if (!can(principal.role, options.permission)) {
          throw new AppError(
            'FORBIDDEN',
            `your role (${principal.role}) may not do this: it needs ${options.permission}`,
          );
        }
      }
      if (mutating && principal?.via !== 'token') checkOrigin(req);
      stage = 'run';
      const params = parseWith(options.params, await nextCtx.params, 'path');
      const query = parseWith(options.query, Object.fromEntries(req.nextUrl.searchParams), 'query');
      const body = options.body
        ? parseWith(options.body, await readJsonBody(req), 'body')
        : (undefined as Infer<B>);
      const result = await handler({
        req,
        principal: principal as Principal,
        params: params as Infer<P>,
        query: query as Infer<Q>,
        body,
        audit,
      });
      audited ||= audit.record === true;
      const response =
        result instanceof Response
          ? result
          : NextResponse.json(result ?? null, { status: options.status ?? 200 });
      if (audited && audit.outcome && response.ok) {
        const settled = audit.outcome.catch((e) => ({ ok: false, detail: { error: String(e) } }));
        void settled
          .then(({ ok, detail }) =>
            record(
              req,
              principal,
              action,
              { ...audit, detail: { ...audit.detail, ...detail } },
              ok ? 'ok' : 'error',
              response.status,
            ),
          )
          .catch((e) => console.error('[wharf] audit write failed', e));
      } else if (audited) await record(req, principal, action, audit, 'ok', response.status);
      return response;
    } catch (error) {
      const { response, code, message } = toResponse(error);
      // Anything that fails before the handler runs is a refusal. Refusals are audited for every
      // method, except an anonymous read, which would only fill the log with probes.
      const denied = stage === 'auth' || code === 'FORBIDDEN' || code === 'UNAUTHENTICATED';
      if (audited || (denied && code !== 'UNAUTHENTICATED')) {
        const result = denied ? 'denied' : 'error';
        await record(
          req,
          principal,
          action,
          { ...audit, detail: { ...audit.detail, error: message } },
          result,
          response.status,
        ).catch((e) =>
          // With the database away the refusal cannot be recorded; one line says so, not a stack.
          console.error('[wharf] audit write failed', isDatabaseUnavailable(e) ? String(e) : e),
        );
      }
      return response;
    }
  };
  return Object.assign(wrapped, { wharf: { permission: options.permission, action: options.action } });
}

async function record(
  req: NextRequest,
  principal: Principal | null,
  action: string,
  audit: RouteContext<Schema, Schema, Schema>['audit'],
  result: 'ok' | 'denied' | 'error',
  status: number,
): Promise<void> {
  await writeAudit({
    actor: principal?.username ?? 'anonymous',
    actorId: principal?.userId ?? null,
    via: principal?.via ?? 'anonymous',
    action,
    target: audit.target ?? req.nextUrl.pathname,
    result,
    status,
    detail: principal?.tokenId ? { ...audit.detail, tokenId: principal.tokenId } : (audit.detail ?? null),
    ip: clientIp(req.headers),
  });
}

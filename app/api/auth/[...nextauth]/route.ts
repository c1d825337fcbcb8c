import type { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { writeAudit } from '@/lib/server/audit/audit';
import { authOptions, clientIp } from '@/lib/server/auth/next-auth';
import { isSigninLimited } from '@/lib/server/auth/signin-limit';
import { errorResponse } from '@/lib/server/http/route';

type Ctx = { params: Promise<{ nextauth: string[] }> };

function handler(req: NextRequest, ctx: Ctx) {
  return NextAuth(authOptions())(req, ctx);
}

export const GET = handler;

/** Sign-in is refused with 429 before any password check once a user and address failed too often. */
export async function POST(req: NextRequest, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join('/') === 'callback/credentials') {
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    const username = String(form?.get('username') ?? '').slice(0, 64);
    const ip = clientIp(req.headers);
    if (await isSigninLimited(username, ip)) {
      await writeAudit({
        actor: username || 'anonymous',
        via: 'anonymous',
        action: 'auth.signin',
        result: 'denied',
        status: 429,
        ip,
        detail: { reason: 'rate limited' },
      });
      return errorResponse('RATE_LIMITED', 'too many failed sign-ins: wait a few minutes and try again', 429);
    }
  }
  return handler(req, ctx);
}

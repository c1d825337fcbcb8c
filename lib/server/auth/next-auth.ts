import 'server-only';
import type { NextRequest } from 'next/server';
import type { NextAuthOptions } from 'next-auth';
import { getToken } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import { isRole } from '@/lib/auth/permissions';
import { clientAddress } from '@/lib/net/client-address';
import { ZSignIn } from '@/lib/schemas/users';
import { writeAudit } from '../audit/audit';
import { deriveSecret } from '../crypto';
import { getEnv, isOidcConfigured } from '../env';
import { findUser, upsertOidcUser, verifyCredentials } from '../users/users';
import type { Principal } from './principal';
import { clearSigninFailures, recordSigninFailure } from './signin-limit';

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export function clientIp(headers: Headers | Record<string, unknown> | undefined): string {
  const get = (name: string): string | undefined => {
    if (!headers) return undefined;
    if (headers instanceof Headers) return headers.get(name) ?? undefined;
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  };
  return clientAddress(get('x-forwarded-for'), get('x-real-ip'), getEnv().WHARF_TRUSTED_PROXIES);
}

function sessionSecret(): string {
  return deriveSecret('wharf-session-v1');
}

function oidcProvider(): NextAuthOptions['providers'][number] {
  const env = getEnv();
  return {
    id: 'oidc',
    name: env.WHARF_OIDC_NAME,
    type: 'oauth',
    wellKnown: `${env.WHARF_OIDC_ISSUER?.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId: env.WHARF_OIDC_CLIENT_ID,
    clientSecret: env.WHARF_OIDC_CLIENT_SECRET,
    idToken: true,
    checks: ['pkce', 'state'],
    authorization: { params: { scope: 'openid profile email' } },
    async profile(claims: Record<string, unknown>) {
      const name = String(claims.preferred_username ?? claims.email ?? claims.sub);
      const claimed = claims[env.WHARF_OIDC_ROLE_CLAIM];
      const role = isRole(claimed) ? claimed : env.WHARF_OIDC_DEFAULT_ROLE;
      const user = await upsertOidcUser(name, role);
      if (user.disabled) throw new Error('this user is disabled');
      return { id: user.id, name: user.username };
    },
  };
}

export function authOptions(): NextAuthOptions {
  return {
    secret: sessionSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/signin', error: '/signin' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Wharf account',
        credentials: {
          username: { label: 'User name', type: 'text' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          const parsed = ZSignIn.safeParse({
            username: credentials?.username,
            password: credentials?.password,
          });
          const ip = clientIp(req?.headers);
          const username = typeof credentials?.username === 'string' ? credentials.username.slice(0, 64) : '';
          const user = parsed.success
            ? await verifyCredentials(parsed.data.username, parsed.data.password)
            : null;
          if (!user) {
            await recordSigninFailure(username, ip);
            await writeAudit({
              actor: username || 'anonymous',
              via: 'anonymous',
              action: 'auth.signin',
              result: 'denied',
              status: 401,
              ip,
            });
            return null;
          }
          await clearSigninFailures(user.username);
          await writeAudit({
            actor: user.username,
            actorId: user.id,
            via: 'session',
            action: 'auth.signin',
            result: 'ok',
            status: 200,
            ip,
          });
          return { id: user.id, name: user.username };
        },
      }),
      ...(isOidcConfigured() ? [oidcProvider()] : []),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        const user = token.sub ? await findUser(token.sub) : undefined;
        if (!user || user.disabled) return { ...session, user: undefined };
        return { ...session, user: { name: user.username, id: user.id, role: user.role } } as typeof session;
      },
    },
  };
}

/** The signed-in user behind a session cookie, re-read from the database on every request. */
export async function principalFromSession(
  req: NextRequest | { headers: Headers; cookies: unknown },
): Promise<Principal | null> {
  const token = await getToken({ req: req as NextRequest, secret: sessionSecret() });
  if (!token?.sub) return null;
  const user = await findUser(token.sub);
  if (!user || user.disabled) return null;
  return { userId: user.id, username: user.username, role: user.role, via: 'session' };
}

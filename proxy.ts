import { type NextRequest, NextResponse } from 'next/server';
import { contentSecurityPolicy } from '@/lib/csp';

/**
 * Sets the Content-Security-Policy of every page with a fresh nonce (Next.js reads it from the request
 * and puts it on its scripts), and sends an anonymous browser to the sign-in page. The redirect is only a
 * convenience: every handler checks the session for itself.
 */
export function proxy(req: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');
  const signin = req.nextUrl.pathname === '/signin';
  const hasSession = req.cookies.getAll().some((c) => c.name.endsWith('next-auth.session-token'));
  let res: NextResponse;
  if (hasSession || signin) {
    const headers = new Headers(req.headers);
    headers.set('Content-Security-Policy', csp);
    res = NextResponse.next({ request: { headers } });
  } else {
    const url = req.nextUrl.clone();
    url.pathname = '/signin';
    url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
    res = NextResponse.redirect(url);
  }
  res.headers.set('Content-Security-Policy', csp);
  return res;
}

export const config = {
  matcher: ['/((?!api/|_next/|favicon.ico|.*\\.(?:svg|png|ico|css|js)$).*)'],
};

import { type NextRequest, NextResponse } from 'next/server';

/** Sends an anonymous browser to the sign-in page. Only a convenience: every handler checks for itself. */
export function proxy(req: NextRequest) {
  const hasSession = req.cookies.getAll().some((c) => c.name.endsWith('next-auth.session-token'));
  if (hasSession) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = '/signin';
  url.search = `?callbackUrl=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ['/((?!api/|_next/|signin|favicon.ico|.*\\.(?:svg|png|ico|css|js)$).*)'],
};

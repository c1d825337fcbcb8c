import 'server-only';
import type { NextRequest } from 'next/server';
import { AppError } from '@/lib/errors';

function expectedOrigins(req: NextRequest): Set<string> {
  const origins = new Set<string>([req.nextUrl.origin]);
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  if (host) {
    const proto = req.headers.get('x-forwarded-proto') ?? req.nextUrl.protocol.replace(':', '');
    origins.add(`${proto}://${host}`);
  }
  if (process.env.NEXTAUTH_URL) origins.add(new URL(process.env.NEXTAUTH_URL).origin);
  return origins;
}

/**
 * A mutation sent with a session cookie must come from Wharf's own pages. Browsers send Origin on
 * every cross-site or non-GET fetch, and Sec-Fetch-Site where Origin is missing; scripts with a cookie
 * and neither header are not a browser and are let through.
 */
export function checkOrigin(req: NextRequest): void {
  const origin = req.headers.get('origin');
  const site = req.headers.get('sec-fetch-site');
  if (origin !== null) {
    if (origin === 'null' || !expectedOrigins(req).has(origin)) {
      throw new AppError('FORBIDDEN', 'cross-origin request refused: mutations must come from Wharf itself');
    }
  }
  if (site !== null && site !== 'same-origin' && site !== 'none') {
    throw new AppError('FORBIDDEN', `cross-site request refused (Sec-Fetch-Site: ${site})`);
  }
}

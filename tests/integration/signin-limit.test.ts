import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { POST as nextAuthPost } from '@/app/api/auth/[...nextauth]/route';
import { clearSigninFailures, isSigninLimited, recordSigninFailure } from '@/lib/server/auth/signin-limit';
import { getEnv } from '@/lib/server/env';
import { BASE_URL } from './support/api';
import { uniqueName } from './support/principals';

describe('sign-in rate limit', () => {
  const max = () => getEnv().WHARF_SIGNIN_MAX_FAILURES;

  it('limits a user at an address after repeated failures, and not another address', async () => {
    const user = uniqueName('victim');
    for (let i = 0; i < max() - 1; i++) await recordSigninFailure(user, '198.51.100.1');
    expect(await isSigninLimited(user, '198.51.100.1')).toBe(false);
    await recordSigninFailure(user, '198.51.100.1');
    expect(await isSigninLimited(user, '198.51.100.1')).toBe(true);
    expect(await isSigninLimited(user.toUpperCase(), '198.51.100.1')).toBe(true);
    expect(await isSigninLimited(user, '198.51.100.2')).toBe(false);
    expect(await isSigninLimited(uniqueName('other'), '198.51.100.1')).toBe(false);
    await clearSigninFailures(user);
    expect(await isSigninLimited(user, '198.51.100.1')).toBe(false);
  });

  it('limits an address that tries many names', async () => {
    const ip = '198.51.100.9';
    for (let i = 0; i < max() * 4; i++) await recordSigninFailure(uniqueName('spray'), ip);
    expect(await isSigninLimited(uniqueName('fresh'), ip)).toBe(true);
    expect(await isSigninLimited(uniqueName('fresh'), '198.51.100.10')).toBe(false);
  });

  it('answers 429 on the credentials callback before any password check', async () => {
    const user = uniqueName('limited');
    const ip = '198.51.100.20';
    for (let i = 0; i < max(); i++) await recordSigninFailure(user, ip);
    const req = new NextRequest(new URL('/api/auth/callback/credentials', BASE_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
      body: new URLSearchParams({ username: user, password: 'whatever-it-is' }).toString(),
    });
    const res = await nextAuthPost(req, {
      params: Promise.resolve({ nextauth: ['callback', 'credentials'] }),
    });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
  });
});

import { type APIRequestContext, request } from '@playwright/test';

/** An API context signed in through next-auth's credentials flow, as a browser would be. */
export async function signedInRequest(
  baseURL: string,
  username: string,
  password: string,
): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const csrf = (await (await ctx.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await ctx.post('/api/auth/callback/credentials', {
    form: { csrfToken: csrf.csrfToken, username, password, json: 'true' },
    maxRedirects: 0,
  });
  if (res.status() >= 400)
    throw new Error(`sign-in of ${username} failed: ${res.status()} ${await res.text()}`);
  const me = await ctx.get('/api/v1/me');
  if (!me.ok()) throw new Error(`sign-in of ${username} did not give a session (${me.status()})`);
  return ctx;
}

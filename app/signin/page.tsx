import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/shell/sign-in-form';
import { getCurrentUser } from '../(app)/current-user';

export const metadata: Metadata = { title: 'Sign in' };

/** Only a path on this site is followed after sign-in, never another origin. */
function safeCallback(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  if (!url?.startsWith('/') || url.startsWith('//') || url.startsWith('/\\') || url.startsWith('/signin'))
    return '/';
  return url;
}

const ERRORS: Record<string, string> = {
  CredentialsSignin: 'Wrong user name or password.',
  OAuthSignin: 'Single sign-on could not start. Try again or use a Wharf account.',
  OAuthCallback: 'Single sign-on did not complete. Try again or use a Wharf account.',
  AccessDenied: 'This account may not sign in.',
  SessionRequired: 'Sign in to continue.',
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallback(params.callbackUrl);
  if (await getCurrentUser()) redirect(callbackUrl);
  const errorCode = typeof params.error === 'string' ? params.error : undefined;
  const initialError = errorCode ? (ERRORS[errorCode] ?? 'Sign-in failed. Try again.') : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <span
            aria-hidden="true"
            className="grid size-8 place-items-center rounded bg-accent font-bold text-accent-fg"
          >
            W
          </span>
          <div>
            <h1 className="text-lg font-semibold">Sign in to Wharf</h1>
            <p className="text-xs text-muted">Operate your fleet of Docker hosts</p>
          </div>
        </div>
        <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
      </div>
    </main>
  );
}

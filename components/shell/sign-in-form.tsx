'use client';

import { useRouter } from 'next/navigation';
import { getProviders, signIn } from 'next-auth/react';
import { type FormEvent, useEffect, useState } from 'react';
import { Button } from '../ui/button';
import { FormError, TextField } from '../ui/field';

const WRONG = 'Wrong user name or password.';
const LIMITED = 'Too many failed sign-ins from here: wait a few minutes, then try again.';

/**
 * next-auth's signIn reads `url` from the answer. The sign-in route refuses a rate-limited attempt
 * with a 429 whose body is Wharf's error JSON and has no `url`, so signIn either returns status 429
 * or throws while parsing the missing URL; both mean the attempt was refused before any check.
 */
function isRefusedAnswer(error: unknown): boolean {
  return error instanceof TypeError && /URL/.test(error.message);
}

export function SignInForm({
  callbackUrl,
  initialError,
}: {
  callbackUrl: string;
  initialError: string | null;
}) {
  const router = useRouter();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const [sso, setSso] = useState<{ id: string; name: string } | null>(null);

  useEffect(() => {
    let live = true;
    getProviders()
      .then((providers) => {
        const oidc = providers?.oidc;
        if (live && oidc) setSso({ id: oidc.id, name: oidc.name });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your user name and password.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await signIn('credentials', {
        username: username.trim(),
        password,
        redirect: false,
        callbackUrl,
      });
      if (result?.ok && !result.error) {
        router.replace(callbackUrl || '/');
        router.refresh();
        return;
      }
      setError(result?.status === 429 ? LIMITED : WRONG);
    } catch (e) {
      setError(
        isRefusedAnswer(e) ? LIMITED : 'Wharf could not be reached. Check your connection and try again.',
      );
    }
    setPending(false);
  }

  return (
    <div className="rounded-lg border border-line bg-surface p-5 shadow-sm">
      <form onSubmit={onSubmit} className="flex flex-col gap-3" aria-label="Sign in" noValidate>
        <TextField
          label="User name"
          name="username"
          autoComplete="username"
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <FormError message={error} />
        <Button type="submit" variant="primary" pending={pending} className="mt-1 w-full">
          Sign in
        </Button>
      </form>
      {sso ? (
        <div className="mt-4 border-t border-line pt-4">
          <Button className="w-full" onClick={() => void signIn(sso.id, { callbackUrl })}>
            Sign in with single sign-on
          </Button>
          <p className="mt-1 text-center text-xs text-muted">through {sso.name}</p>
        </div>
      ) : null}
    </div>
  );
}

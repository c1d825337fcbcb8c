'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { Button, buttonClass } from '../ui/button';

/** What a route segment shows when rendering it failed. */
export function RouteError({ error, retry, area }: { error: unknown; retry: () => void; area: string }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const message = error instanceof Error ? error.message : String(error);
  const digest =
    error instanceof Error && 'digest' in error ? String((error as { digest?: unknown }).digest ?? '') : '';
  return (
    <div
      role="alert"
      className="max-w-xl rounded-lg border border-red-300 bg-surface p-5 dark:border-red-900"
    >
      <h1 className="text-base font-semibold">{area} could not be shown</h1>
      <p className="mt-2 text-sm break-words text-muted">{message}</p>
      {digest ? <p className="mt-1 font-mono text-xs text-muted">Reference: {digest}</p> : null}
      <div className="mt-4 flex gap-2">
        <Button variant="primary" onClick={() => retry()}>
          Try again
        </Button>
        <Link href="/" className={buttonClass('secondary')}>
          Go to the overview
        </Link>
      </div>
    </div>
  );
}

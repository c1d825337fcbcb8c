import type { ReactNode } from 'react';
import { Button } from './button';

/** A failed read, in place of the thing that could not be read. */
export function ErrorPanel({
  title = 'Could not load this',
  error,
  onRetry,
  children,
}: {
  title?: string;
  error: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
    >
      <p className="font-medium">{title}</p>
      {message.toLowerCase() === title.toLowerCase() ? null : <p className="mt-1 break-words">{message}</p>}
      {children}
      {onRetry ? (
        <Button size="sm" className="mt-2" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

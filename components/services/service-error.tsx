'use client';

import type { ReactNode } from 'react';
import { isApiError } from '@/lib/queries/api';
import { ErrorPanel } from '../ui/error-panel';

/** A service that could not be read: gone (no retry) or not answering (retry). */
export function ServiceError({
  name,
  error,
  onRetry,
  children,
}: {
  name: string;
  error: unknown;
  onRetry: () => void;
  children?: ReactNode;
}) {
  const missing = isApiError(error) && error.status === 404;
  return (
    <ErrorPanel
      title={missing ? `No service named ${name}` : 'The service could not be read'}
      error={error}
      onRetry={missing ? undefined : onRetry}
    >
      {children}
    </ErrorPanel>
  );
}

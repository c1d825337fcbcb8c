'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from 'next-auth/react';
import { type ReactNode, useState } from 'react';
import { isApiError } from '@/lib/queries/api';
import { Toaster, toast } from './ui/toast';

function sendToSignIn(): void {
  if (window.location.pathname.startsWith('/signin')) return;
  const back = window.location.pathname + window.location.search;
  window.location.assign(`/signin?callbackUrl=${encodeURIComponent(back)}`);
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.status === 401) return sendToSignIn();
        // A first load shows its error in place; a failing background refresh of shown data toasts.
        if (query.state.data !== undefined && !query.meta?.inlineErrors) toast.error(error.message);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _result, mutation) => {
        if (isApiError(error) && error.status === 401) return sendToSignIn();
        if (!mutation.meta?.inlineErrors) toast.error(error.message);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        retry: (failureCount, error) => {
          // Host errors (502/504) already waited for the host's deadline; only a lost connection is retried.
          if (isApiError(error) && error.status !== 0) return false;
          return failureCount < 1;
        },
      },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  return (
    <SessionProvider refetchOnWindowFocus={false}>
      <QueryClientProvider client={queryClient}>
        {children}
        <Toaster />
      </QueryClientProvider>
    </SessionProvider>
  );
}

'use client';

import type { ReactNode } from 'react';
import { CurrentUserProvider, type TCurrentUser } from '@/lib/hooks/use-current-user';
import { useFleetEvents } from '@/lib/hooks/use-fleet-events';
import { useHosts } from '@/lib/queries/hosts';
import { Sidebar } from './sidebar';

function FleetEvents() {
  const { data } = useHosts();
  // Reopen the event stream when the set of hosts changes, so new hosts are covered.
  const hostIds = data
    ? data
        .map((h) => h.id)
        .sort()
        .join(',')
    : null;
  useFleetEvents(hostIds);
  return null;
}

export function AppShell({ user, children }: { user: TCurrentUser; children: ReactNode }) {
  return (
    <CurrentUserProvider user={user}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <FleetEvents />
      <div className="flex min-h-screen">
        <Sidebar user={user} />
        <main id="main" className="min-w-0 flex-1 px-6 py-5">
          {children}
        </main>
      </div>
    </CurrentUserProvider>
  );
}

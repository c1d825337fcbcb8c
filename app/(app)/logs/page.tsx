import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LogsPage } from '@/components/logs/logs-page';
import { LoadingBlock } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Logs' };

export default function Page() {
  return (
    <Suspense fallback={<LoadingBlock label="Loading Logs…" />}>
      <LogsPage />
    </Suspense>
  );
}

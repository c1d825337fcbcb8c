import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NetworksView } from '@/components/networks/networks-view';
import { LoadingBlock } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Networks' };

export default function NetworksPage() {
  return (
    <Suspense fallback={<LoadingBlock label="Loading networks…" rows={12} />}>
      <NetworksView />
    </Suspense>
  );
}

import type { Metadata } from 'next';
import { Suspense } from 'react';
import { PortsView } from '@/components/ports/ports-view';
import { LoadingBlock } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Ports' };

export default function PortsPage() {
  return (
    <Suspense fallback={<LoadingBlock label="Loading ports…" rows={12} />}>
      <PortsView />
    </Suspense>
  );
}

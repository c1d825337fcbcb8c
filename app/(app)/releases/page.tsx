import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ReleasesView } from '@/components/releases/releases-view';
import { LoadingBlock } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Releases' };

export default function ReleasesPage() {
  return (
    <Suspense fallback={<LoadingBlock label="Loading releases…" rows={12} />}>
      <ReleasesView />
    </Suspense>
  );
}

import type { Metadata } from 'next';
import { Suspense } from 'react';
import { FleetImagesView } from '@/components/images/fleet-images-view';
import { LoadingBlock } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Images' };

export default function ImagesPage() {
  return (
    <Suspense fallback={<LoadingBlock label="Loading images…" rows={12} />}>
      <FleetImagesView />
    </Suspense>
  );
}

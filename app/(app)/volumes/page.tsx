import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingBlock } from '@/components/ui/skeleton';
import { FleetVolumesView } from '@/components/volumes/fleet-volumes-view';

export const metadata: Metadata = { title: 'Volumes' };

export default function VolumesPage() {
  return (
    <Suspense fallback={<LoadingBlock label="Loading volumes…" rows={12} />}>
      <FleetVolumesView />
    </Suspense>
  );
}

import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NewServiceView } from '@/components/services/service-pages';
import { LoadingBlock } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'New service' };

export default function NewServicePage() {
  return (
    <Suspense fallback={<LoadingBlock label="Loading…" rows={8} />}>
      <NewServiceView />
    </Suspense>
  );
}

import type { Metadata } from 'next';
import { LineageView } from '@/components/images/lineage-view';

export const metadata: Metadata = { title: 'Image lineage' };

export default function LineagePage() {
  return <LineageView />;
}

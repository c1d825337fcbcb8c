import type { Metadata } from 'next';
import { ReleaseView } from '@/components/releases/release-view';

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: 'Release' };

export default async function ReleasePage({ params }: Props) {
  const { id } = await params;
  return <ReleaseView id={decodeURIComponent(id)} />;
}

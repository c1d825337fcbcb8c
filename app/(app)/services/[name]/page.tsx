import type { Metadata } from 'next';
import { ServiceView } from '@/components/services/service-view';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function ServicePage({ params }: Props) {
  const { name } = await params;
  return <ServiceView name={decodeURIComponent(name)} />;
}

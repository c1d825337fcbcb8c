import type { Metadata } from 'next';
import { ContainerView } from '@/components/containers/container-view';

type Props = { params: Promise<{ host: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { host, id } = await params;
  return { title: `${decodeURIComponent(id)} on ${decodeURIComponent(host)}` };
}

export default async function ContainerPage({ params }: Props) {
  const { host, id } = await params;
  return <ContainerView hostRef={decodeURIComponent(host)} id={decodeURIComponent(id)} />;
}

import type { Metadata } from 'next';
import { HostView } from '@/components/hosts/host-view';

type Props = { params: Promise<{ host: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { host } = await params;
  return { title: decodeURIComponent(host) };
}

export default async function HostPage({ params }: Props) {
  return <HostView hostRef={decodeURIComponent((await params).host)} />;
}

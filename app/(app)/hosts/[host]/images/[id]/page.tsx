import type { Metadata } from 'next';
import { HostImageView } from '@/components/images/host-image-view';

type Props = { params: Promise<{ host: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { host, id } = await params;
  const image = decodeURIComponent(id);
  const short = image.startsWith('sha256:') ? image.slice(7, 19) : image;
  return { title: `${short} on ${decodeURIComponent(host)}` };
}

export default async function HostImagePage({ params }: Props) {
  const { host, id } = await params;
  return <HostImageView hostRef={decodeURIComponent(host)} id={decodeURIComponent(id)} />;
}

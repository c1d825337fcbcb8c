import type { Metadata } from 'next';
import { VolumeView } from '@/components/volumes/volume-view';

type Props = { params: Promise<{ host: string; name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { host, name } = await params;
  return { title: `${decodeURIComponent(name)} on ${decodeURIComponent(host)}` };
}

export default async function VolumePage({ params }: Props) {
  const { host, name } = await params;
  return <VolumeView hostRef={decodeURIComponent(host)} name={decodeURIComponent(name)} />;
}

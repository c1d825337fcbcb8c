import type { Metadata } from 'next';
import { RegistryView } from '@/components/registries/registry-view';

type Props = { params: Promise<{ reg: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { reg } = await params;
  return { title: `Registry ${decodeURIComponent(reg)}` };
}

export default async function RegistryPage({ params }: Props) {
  return <RegistryView regRef={decodeURIComponent((await params).reg)} />;
}

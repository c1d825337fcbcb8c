import type { Metadata } from 'next';
import { EditServiceView } from '@/components/services/service-pages';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Edit ${decodeURIComponent(name)}` };
}

export default async function EditServicePage({ params }: Props) {
  const { name } = await params;
  return <EditServiceView name={decodeURIComponent(name)} />;
}

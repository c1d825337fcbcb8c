import type { Metadata } from 'next';
import { HostsView } from '@/components/hosts/hosts-view';

export const metadata: Metadata = { title: 'Hosts' };

export default async function HostsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { add } = await searchParams;
  return <HostsView openAdd={add === '1'} />;
}

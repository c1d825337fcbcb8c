import { redirect } from 'next/navigation';

/** The containers of a host are listed on the host's page. */
export default async function ContainersIndex({ params }: { params: Promise<{ host: string }> }) {
  const { host } = await params;
  redirect(`/hosts/${host}`);
}

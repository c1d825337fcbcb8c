import type { Metadata } from 'next';
import { Placeholder } from '@/components/shell/placeholder';

export const metadata: Metadata = { title: 'Networks' };

export default function Page() {
  return (
    <Placeholder
      title="Networks"
      summary="Networks per host with their driver, subnet and members."
      details={[
        'List networks per host with driver, subnet and member containers.',
        'Flag legacy links between containers.',
      ]}
    />
  );
}

import type { Metadata } from 'next';
import { Placeholder } from '@/components/shell/placeholder';

export const metadata: Metadata = { title: 'Ports' };

export default function Page() {
  return (
    <Placeholder
      title="Ports"
      summary="A per-host map of published ports and the containers and services behind them, with conflicts and free-port suggestions."
      details={[
        'Each published host IP:port/protocol with its container and service.',
        'Flag containers on the host network and ports published to random host ports.',
        'Reservations for planned services, conflicts between reservations, specs and reality.',
        'Suggest a free port in a range.',
      ]}
    />
  );
}

import type { Metadata } from 'next';
import { Placeholder } from '@/components/shell/placeholder';

export const metadata: Metadata = { title: 'Logs' };

export default function Page() {
  return (
    <Placeholder
      title="Logs"
      summary="Live log streams of one container or a whole service across hosts, merged by time, with search and markers for deploys and Docker events."
      details={[
        'Stream logs live with stdout/stderr marked, search, regex filter, level highlighting and ANSI colours rendered safely.',
        'Pause, jump to a time, and download.',
        'Show deploys, rollbacks and Docker events (die, OOM, health changes, restarts) as markers in the stream.',
        'Search across all containers of a service or host over a bounded time window, on the server.',
      ]}
    />
  );
}

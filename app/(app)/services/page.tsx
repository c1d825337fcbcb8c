import type { Metadata } from 'next';
import { Placeholder } from '@/components/shell/placeholder';

export const metadata: Metadata = { title: 'Services & releases' };

export default function Page() {
  return (
    <Placeholder
      title="Services & releases"
      summary="Named container specs deployed to one or more hosts, released as one exact image digest with approval, preflight, health checks and one-click rollback."
      details={[
        'Request a release; a team lead approves it where the service requires it, and the approval pins the digest.',
        'Preflight, back up data volumes, pull, swap the container and verify health, rolling back automatically on failure.',
        'History per service with steps, timings, who and why; one-click rollback to the last good digest and config.',
        'Deploy freeze windows, one release at a time per service, and config diffs between releases.',
      ]}
    />
  );
}

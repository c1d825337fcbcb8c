'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { can } from '@/lib/auth/permissions';
import { useCurrentUser } from '@/lib/hooks/use-current-user';
import { releaseHref } from '@/lib/queries/releases';
import type { TReleaseBrief } from '@/lib/types/releases';
import { Button } from '../ui/button';
import { DecideDialog, type Decision, RollbackDialog } from './decide-dialogs';
import { isOwnRequest } from './release-parts';

/**
 * What the signed-in person may do with a release now, by role and state: a lead approves or rejects a
 * pending release someone else asked for; the requester's side cancels one that has not started; a
 * lead rolls back to a release that succeeded. A viewer sees none of it.
 */
export function ReleaseActions({
  release,
  latestSucceeded = false,
  compact = false,
}: {
  release: TReleaseBrief;
  /** The release is what runs now: rolling back to it would change nothing. */
  latestSucceeded?: boolean;
  compact?: boolean;
}) {
  const user = useCurrentUser();
  const router = useRouter();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [rollingBack, setRollingBack] = useState(false);
  const own = isOwnRequest(release, user);
  const pending = release.status === 'pending_approval';
  const canApprove = can(user.role, 'releases.approve') && pending && !own;
  const canCancel = can(user.role, 'releases.request') && (pending || release.status === 'queued');
  const canRollback =
    can(user.role, 'releases.rollback') && release.status === 'succeeded' && !latestSucceeded;
  const size = compact ? 'sm' : 'md';

  return (
    <div className="flex flex-wrap items-center gap-2">
      {pending && own && can(user.role, 'releases.approve') ? (
        <span className="text-xs text-muted" data-testid="own-request">
          You requested this; another lead approves.
        </span>
      ) : null}
      {canApprove ? (
        <>
          <Button variant="primary" size={size} onClick={() => setDeciding('approve')}>
            Approve
          </Button>
          <Button variant="danger" size={size} onClick={() => setDeciding('reject')}>
            Reject
          </Button>
        </>
      ) : null}
      {canCancel ? (
        <Button size={size} onClick={() => setDeciding('cancel')}>
          Cancel release
        </Button>
      ) : null}
      {canRollback ? (
        <Button size={size} onClick={() => setRollingBack(true)}>
          Roll back to this
        </Button>
      ) : null}
      {deciding ? (
        <DecideDialog release={release} decision={deciding} onClose={() => setDeciding(null)} />
      ) : null}
      {rollingBack ? (
        <RollbackDialog
          service={release.service}
          to={release}
          onClose={() => setRollingBack(false)}
          onDone={(r) => router.push(releaseHref(r.id))}
        />
      ) : null}
    </div>
  );
}

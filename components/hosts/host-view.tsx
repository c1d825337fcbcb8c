'use client';

import { isApiError } from '@/lib/queries/api';
import { useHost } from '@/lib/queries/hosts';
import { ContainersPanel } from '../containers/containers-panel';
import { HostHeader } from './host-header';

/** A host's page: its summary, then its containers, unless there is no such host. */
export function HostView({ hostRef }: { hostRef: string }) {
  const { error } = useHost(hostRef);
  const missing = isApiError(error) && error.status === 404;
  return (
    <div className="flex flex-col gap-5">
      <HostHeader hostRef={hostRef} />
      {missing ? null : <ContainersPanel hostRef={hostRef} />}
    </div>
  );
}

'use client';

import { useSearchParams } from 'next/navigation';
import { PageHeader } from '../ui/page-header';
import { LogPicker } from './log-picker';
import { ContainerLog, KeptLog, ServiceLog } from './log-sources';

/**
 * The Logs page: the quick picker, or the viewer of what the address names — a container
 * (`?host=&container=`), a service (`?service=`) or a release's kept lines (`?release=&kept=`), with
 * `since` (a time) and `at` (a linked line).
 */
export function LogsPage() {
  const params = useSearchParams();
  const get = (k: string) => params.get(k) || null;
  const host = get('host');
  const container = get('container');
  const service = get('service');
  const release = get('release');
  const kept = get('kept');
  const since = get('since');
  const at = get('at');

  let body: React.ReactNode;
  // Each source gets its own viewer (keyed), so switching streams starts clean.
  if (host && container)
    body = (
      <ContainerLog key={`c:${host}/${container}`} host={host} container={container} since={since} at={at} />
    );
  else if (service) body = <ServiceLog key={`s:${service}`} service={service} since={since} at={at} />;
  else if (release && kept)
    body = <KeptLog key={`k:${release}/${kept}`} release={release} kept={kept} at={at} />;
  else
    return (
      <>
        <PageHeader
          title="Logs"
          subtitle="Live logs of a container, or of a whole service merged across hosts."
        />
        <LogPicker />
      </>
    );
  return <div className="flex h-[calc(100vh-2.5rem)] min-h-96 flex-col gap-2">{body}</div>;
}

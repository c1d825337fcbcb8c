'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCan } from '@/lib/hooks/use-current-user';
import { serviceHref, type TAdoptFrom, useAdoptSpec, useService } from '@/lib/queries/services';
import { buttonClass } from '../ui/button';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { ServiceEditor } from './service-editor';
import { ServiceError } from './service-error';

function NotAllowed({ what }: { what: string }) {
  return (
    <ErrorPanel
      title={`Your role cannot ${what}`}
      error="An operator, lead or admin creates and edits services."
    >
      <Link href="/services" className={buttonClass('secondary', 'sm', 'mt-2')}>
        Back to services
      </Link>
    </ErrorPanel>
  );
}

function Crumb({ name }: { name?: string }) {
  return (
    <p className="text-xs text-muted">
      <Link href="/services" className="hover:underline">
        Services
      </Link>{' '}
      /{' '}
      {name ? (
        <>
          <Link href={serviceHref(name)} className="hover:underline">
            {name}
          </Link>{' '}
          /
        </>
      ) : null}
    </p>
  );
}

/** A new service, from scratch or prefilled from a running container (`?adoptHost=&adoptContainer=`). */
export function NewServiceView() {
  const params = useSearchParams();
  const canManage = useCan('services.manage');
  const host = params.get('adoptHost');
  const container = params.get('adoptContainer');
  const adopt: TAdoptFrom | null = host && container ? { host, container } : null;
  const prefill = useAdoptSpec(canManage ? adopt : null);
  if (!canManage) return <NotAllowed what="create services" />;
  return (
    <div className="flex flex-col gap-3">
      <Crumb />
      <PageHeader
        title={adopt ? `Adopt ${adopt.container} as a service` : 'New service'}
        subtitle={
          adopt
            ? `Prefilled from the container on ${adopt.host}. Its secret values are taken from the container when saved; nothing on the host changes until a release.`
            : 'Saving creates the spec only; the first release deploys it.'
        }
      />
      {adopt && prefill.isPending ? (
        <LoadingBlock label="Reading the container…" rows={8} />
      ) : adopt && !prefill.data ? (
        <ErrorPanel
          title={`The container ${adopt.container} on ${adopt.host} could not be read as a service`}
          error={prefill.error}
          onRetry={() => void prefill.refetch()}
        >
          <Link href="/services/new" className={buttonClass('secondary', 'sm', 'mt-2')}>
            Start from an empty form
          </Link>
        </ErrorPanel>
      ) : (
        <>
          {prefill.data?.warnings.length ? (
            <div
              role="note"
              className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-200"
            >
              <p className="font-medium">Check these before saving</p>
              <ul className="mt-1 list-disc pl-5">
                {prefill.data.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <ServiceEditor initial={prefill.data?.spec ?? null} savedSecrets={Boolean(adopt)} adopt={adopt} />
        </>
      )}
    </div>
  );
}

/** Edits a saved service; its secrets arrive masked and stay as they are unless replaced. */
export function EditServiceView({ name }: { name: string }) {
  const canManage = useCan('services.manage');
  const { data, error, isPending, refetch } = useService(name);
  if (!canManage) return <NotAllowed what="edit services" />;
  if (isPending) return <LoadingBlock label="Loading the service…" rows={10} />;
  if (!data) return <ServiceError name={name} error={error} onRetry={() => void refetch()} />;
  return (
    <div className="flex flex-col gap-3">
      <Crumb name={name} />
      <PageHeader
        title={`Edit ${name}`}
        subtitle="Saving changes the spec; running containers change only with the next release, and a pending approval no longer matches."
      />
      <ServiceEditor name={name} initial={data.spec} savedSecrets adopt={null} />
    </div>
  );
}

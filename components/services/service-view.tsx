'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatDateTime } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { releaseHref, useServiceReleases } from '@/lib/queries/releases';
import { serviceYamlHref, useDeleteService, useService } from '@/lib/queries/services';
import type { TRelease, TServiceSummary } from '@/lib/types/releases';
import { RollbackDialog } from '../releases/decide-dialogs';
import { FreezePanel } from '../releases/freeze-panel';
import { Digest, ReleaseStatusBadge, TagText } from '../releases/release-parts';
import { ReleaseTimeline } from '../releases/release-timeline';
import { RequestReleaseButton } from '../releases/request-release-dialog';
import { Badge } from '../ui/badge';
import { Button, buttonClass } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { FormError, TextField } from '../ui/field';
import { Section } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { toast } from '../ui/toast';
import { ServiceError } from './service-error';
import { SpecPanel } from './spec-panel';

function DeleteService({ name, onClose }: { name: string; onClose: () => void }) {
  const router = useRouter();
  const [typed, setTyped] = useState('');
  const del = useDeleteService(name);
  return (
    <Dialog
      open
      onClose={onClose}
      title={`Delete the service ${name}?`}
      description="Wharf forgets the spec and its release history. The containers on the hosts are left alone: remove them yourself if they should go."
    >
      <form
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          del.mutate(undefined, {
            onSuccess: () => {
              toast.success(`Service ${name} deleted; its containers were left running`);
              router.push('/services');
            },
          });
        }}
      >
        <TextField
          label="Type the service’s name to confirm"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoFocus
          spellCheck={false}
          autoComplete="off"
        />
        <FormError message={del.error?.message} />
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="danger" disabled={typed !== name} pending={del.isPending}>
            Delete
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function Header({ s, releases }: { s: TServiceSummary; releases: TRelease[] }) {
  const canRequest = useCan('releases.request');
  const canRollback = useCan('releases.rollback');
  const canManage = useCan('services.manage');
  const router = useRouter();
  const [rollingBack, setRollingBack] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const c = s.current;
  const hasPrevious = c ? releases.some((r) => r.status === 'succeeded' && r.number < c.number) : false;
  return (
    <header className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <p className="text-xs text-muted">
          <Link href="/services" className="hover:underline">
            Services
          </Link>{' '}
          /
        </p>
        <h1 className="flex min-w-0 flex-wrap items-center gap-2 text-xl font-semibold">
          <span className="truncate" title={s.name}>
            {s.name}
          </span>
          {s.frozen ? (
            <Badge tone="bad" title={`until ${formatDateTime(s.frozen.endsAt)}: ${s.frozen.reason}`}>
              frozen
            </Badge>
          ) : null}
          {s.spec.requiresApproval ? <Badge>lead approves</Badge> : null}
        </h1>
        <p className="truncate font-mono text-xs text-muted" title={s.spec.image}>
          {s.spec.image} · on {s.spec.hosts.join(', ')}
        </p>
        <p className="mt-1 flex flex-wrap items-center gap-1.5 text-sm" data-testid="current-release">
          {c ? (
            <>
              <span className="text-muted">Current:</span>
              <Link href={releaseHref(c.id)} className="text-accent tabular hover:underline">
                #{c.number}
              </Link>
              <TagText tag={c.tag} />
              <Digest digest={c.digest} />
              <ReleaseStatusBadge status={c.status} />
            </>
          ) : (
            <span className="text-muted">
              Never released through Wharf: what runs now was started some other way, if anything.
            </span>
          )}
          {s.active ? (
            <span className="ml-2 inline-flex items-center gap-1.5">
              <span className="text-muted">Next:</span>
              <Link href={releaseHref(s.active.id)} className="text-accent tabular hover:underline">
                #{s.active.number}
              </Link>
              <TagText tag={s.active.tag} />
              <ReleaseStatusBadge status={s.active.status} />
            </span>
          ) : null}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {canRequest ? <RequestReleaseButton service={s} /> : null}
        {canRollback && hasPrevious ? (
          <Button onClick={() => setRollingBack(true)}>Roll back to previous</Button>
        ) : null}
        {canManage ? (
          <Link href={`/services/${encodeURIComponent(s.name)}/edit`} className={buttonClass()}>
            Edit
          </Link>
        ) : null}
        <Link href={`/logs?service=${encodeURIComponent(s.name)}`} className={buttonClass()}>
          Logs
        </Link>
        <a href={serviceYamlHref(s.name)} download={`${s.name}.yaml`} className={buttonClass('ghost')}>
          Export YAML
        </a>
        {canManage ? (
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Delete
          </Button>
        ) : null}
      </div>
      {rollingBack ? (
        <RollbackDialog
          service={s.name}
          to={null}
          onClose={() => setRollingBack(false)}
          onDone={(r) => router.push(releaseHref(r.id))}
        />
      ) : null}
      {deleting ? <DeleteService name={s.name} onClose={() => setDeleting(false)} /> : null}
    </header>
  );
}

/** A service: what runs, its release history as a timeline, its freezes and its spec. */
export function ServiceView({ name }: { name: string }) {
  const { data: s, error, isPending, refetch } = useService(name);
  const releases = useServiceReleases(name);
  if (isPending) return <LoadingBlock label="Loading the service…" rows={10} />;
  if (!s) {
    return (
      <ServiceError name={name} error={error} onRetry={() => void refetch()}>
        <Link href="/services" className={buttonClass('secondary', 'sm', 'mt-2')}>
          All services
        </Link>
      </ServiceError>
    );
  }
  const list = releases.data ?? [];
  return (
    <div className="flex flex-col gap-4">
      <Header s={s} releases={list} />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Section
          title={`Releases${releases.data ? ` (${list.length})` : ''}`}
          actions={
            <Link
              href={`/releases?service=${encodeURIComponent(s.name)}`}
              className="text-xs text-accent hover:underline"
            >
              as a table
            </Link>
          }
        >
          {releases.isPending ? (
            <LoadingBlock label="Loading releases…" rows={4} />
          ) : !releases.data ? (
            <ErrorPanel
              title="The releases could not be read"
              error={releases.error}
              onRetry={() => void releases.refetch()}
            />
          ) : list.length === 0 ? (
            <EmptyState title="No releases yet">
              A release deploys one exact image digest of {s.spec.image} to {s.spec.hosts.join(', ')}.{' '}
              {s.spec.requiresApproval ? 'A lead other than the requester approves it first.' : ''}
            </EmptyState>
          ) : (
            <ReleaseTimeline service={s.name} releases={list} currentId={s.current?.id ?? null} />
          )}
        </Section>
        <div className="flex flex-col gap-4">
          <Section title="Freeze windows">
            <FreezePanel service={s.name} />
          </Section>
          <Section title="Spec">
            <SpecPanel spec={s.spec} />
            <p className="mt-3 text-xs text-muted">
              Changed {formatDateTime(s.updatedAt)} by {s.updatedBy} · created by {s.createdBy}
            </p>
          </Section>
        </div>
      </div>
    </div>
  );
}

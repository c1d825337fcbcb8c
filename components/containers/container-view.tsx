'use client';

import Link from 'next/link';
import { formatDateTime, formatPort, shortId } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { isApiError } from '@/lib/queries/api';
import { useContainer } from '@/lib/queries/containers';
import { logsHref } from '@/lib/queries/logs';
import { adoptHref } from '@/lib/queries/services';
import type { TContainerDetail } from '@/lib/types/fleet';
import { Badge, HealthBadge, StateBadge } from '../ui/badge';
import { buttonClass } from '../ui/button';
import { ErrorPanel } from '../ui/error-panel';
import { Section } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { ContainerActions } from './container-actions';
import { Facts, MiniTable, Mono } from './detail-parts';
import { EnvTable } from './env-table';
import { LoggingSection } from './logging-section';

function argv(list: string[]) {
  return list.length ? <Mono>{JSON.stringify(list)}</Mono> : null;
}

function Overview({ c }: { c: TContainerDetail }) {
  return (
    <Facts
      items={[
        ['ID', <Mono key="id">{c.id}</Mono>],
        ['Image', <Mono key="image">{c.image}</Mono>],
        ['Image ID', <Mono key="iid">{shortId(c.imageId)}</Mono>],
        ['Digest', c.imageDigest ? <Mono key="d">{c.imageDigest}</Mono> : 'none (built or imported locally)'],
        ['Entrypoint', argv(c.entrypoint)],
        ['Command', argv(c.cmd)],
        ['Created', formatDateTime(c.createdAt)],
        ['Started', formatDateTime(c.startedAt)],
        ['Finished', c.finishedAt && c.state !== 'running' ? formatDateTime(c.finishedAt) : null],
        ['Exit code', c.exitCode ?? null],
        ['Restarts', c.restartCount],
        [
          'OOM killed',
          c.oomKilled ? (
            <Badge key="oom" tone="bad">
              yes
            </Badge>
          ) : (
            'no'
          ),
        ],
        [
          'Restart policy',
          c.restartPolicy.name +
            (c.restartPolicy.maximumRetryCount ? ` (max ${c.restartPolicy.maximumRetryCount})` : ''),
        ],
        ['Service', c.service],
        ['User', c.user || 'image default'],
        ['Working dir', c.workingDir || null],
        ['Hostname', c.hostname],
        ['Network mode', c.networkMode],
        [
          'Privileged',
          c.privileged ? (
            <Badge key="p" tone="warn">
              privileged
            </Badge>
          ) : (
            'no'
          ),
        ],
      ]}
    />
  );
}

export function ContainerView({ hostRef, id }: { hostRef: string; id: string }) {
  const { data: c, error, isPending, refetch } = useContainer(hostRef, id);
  const canOperate = useCan('containers.operate');
  const canAdopt = useCan('services.manage');
  const hostHref = `/hosts/${encodeURIComponent(hostRef)}`;

  if (isPending) return <LoadingBlock label="Loading the container…" rows={10} />;
  if (!c) {
    const missing = isApiError(error) && error.status === 404;
    return (
      <ErrorPanel
        title={missing ? `No container ${id} on ${hostRef}` : 'The container could not be read'}
        error={error}
        onRetry={missing ? undefined : () => void refetch()}
      >
        <Link href={hostHref} className={buttonClass('secondary', 'sm', 'mt-2')}>
          Back to {hostRef}
        </Link>
      </ErrorPanel>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <p className="text-xs text-muted">
            <Link href="/hosts" className="hover:underline">
              Hosts
            </Link>{' '}
            /{' '}
            <Link href={hostHref} className="hover:underline">
              {hostRef}
            </Link>{' '}
            /
          </p>
          <h1 className="flex min-w-0 items-center gap-2 text-xl font-semibold">
            <span className="truncate" title={c.name}>
              {c.name}
            </span>
            <StateBadge state={c.state} testId="container-state" />
            {c.health ? <HealthBadge health={c.health} /> : null}
          </h1>
          <p className="truncate font-mono text-xs text-muted" title={c.image}>
            {c.image}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Link
            href={logsHref({ kind: 'container', host: hostRef, container: c.name })}
            className={buttonClass('secondary', 'sm')}
          >
            Logs
          </Link>
          {canAdopt && !c.labels['wharf.service'] ? (
            <Link
              href={adoptHref({ host: hostRef, container: c.name })}
              className={buttonClass('secondary', 'sm')}
              title="Prefill a new service's spec from this container; nothing on the host changes"
            >
              Adopt as service
            </Link>
          ) : null}
          {canOperate ? <ContainerActions hostRef={hostRef} id={c.id} name={c.name} state={c.state} /> : null}
        </div>
      </header>

      <div className="grid gap-4 xl:grid-cols-2">
        <Section title="Container">
          <Overview c={c} />
        </Section>
        <div className="flex flex-col gap-4">
          <LoggingSection log={c.logConfig} />
          <Section title="Ports">
            <MiniTable
              label="Ports"
              columns={['Published', 'Container port']}
              empty={
                c.networkMode === 'host'
                  ? 'Host network: the container uses the host’s ports directly.'
                  : 'No ports.'
              }
              rows={c.ports.map((p) => ({
                key: formatPort(p),
                cells: [
                  <Mono key="p">
                    {p.publicPort === null ? 'not published' : formatPort(p).split('→')[0]}
                  </Mono>,
                  <Mono key="c">{`${p.privatePort}/${p.type}`}</Mono>,
                ],
              }))}
            />
          </Section>
          <Section title="Networks">
            <MiniTable
              label="Networks"
              columns={['Network', 'IP address', 'Gateway', 'MAC']}
              empty="Not attached to any network."
              rows={c.networks.map((n) => ({
                key: n.name,
                cells: [
                  n.name,
                  <Mono key="ip">{n.ipAddress || '—'}</Mono>,
                  <Mono key="gw">{n.gateway || '—'}</Mono>,
                  <Mono key="mac">{n.macAddress || '—'}</Mono>,
                ],
              }))}
            />
          </Section>
        </div>
      </div>

      <Section title="Mounts">
        <MiniTable
          label="Mounts"
          columns={['Type', 'Name / source', 'Destination', 'Mode']}
          empty="No mounts."
          rows={c.mounts.map((m) => ({
            key: `${m.destination}`,
            cells: [
              m.type,
              <Mono key="s">{m.name ?? m.source}</Mono>,
              <Mono key="d">{m.destination}</Mono>,
              `${m.rw ? 'read-write' : 'read-only'}${m.mode ? ` (${m.mode})` : ''}`,
            ],
          }))}
        />
      </Section>
      <Section title="Environment">
        <EnvTable env={c.env} />
      </Section>
      <Section title="Labels">
        <MiniTable
          label="Labels"
          columns={['Key', 'Value']}
          empty="No labels."
          rows={Object.entries(c.labels).map(([k, v]) => ({
            key: k,
            cells: [<Mono key="k">{k}</Mono>, <Mono key="v">{v}</Mono>],
          }))}
        />
      </Section>
      <Section title="Health checks">
        <MiniTable
          label="Health log"
          columns={['Started', 'Exit code', 'Output']}
          empty={c.health ? 'No health check has run yet.' : 'This container has no health check.'}
          rows={c.healthLog.map((h) => ({
            key: h.start,
            className: h.exitCode !== 0 ? 'bg-red-50/60 dark:bg-red-950/40' : undefined,
            cells: [
              formatDateTime(h.start),
              h.exitCode,
              <pre key="o" className="max-h-24 overflow-auto font-mono text-xs whitespace-pre-wrap">
                {h.output.trim() || '(no output)'}
              </pre>,
            ],
          }))}
        />
      </Section>
    </div>
  );
}

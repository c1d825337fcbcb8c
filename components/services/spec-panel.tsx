import { adminOnlyAsks, type TServiceSpec } from '@/lib/schemas/services';
import { SECRET_MASK } from '@/lib/types/releases';
import { Facts, MiniTable, Mono } from '../containers/detail-parts';
import { Badge } from '../ui/badge';
import { LabelChips } from '../ui/label-chips';

function healthText(spec: TServiceSpec): string {
  const hc = spec.healthcheck;
  const target =
    hc.type === 'docker'
      ? "the image's HEALTHCHECK"
      : hc.type === 'http'
        ? `GET ${hc.path ?? '/'} on port ${hc.port ?? '?'}`
        : `TCP connect to port ${hc.port ?? '?'}`;
  return `${target} · start period ${hc.startPeriodSeconds} s · deadline ${hc.deadlineSeconds} s`;
}

/** The saved spec in words, secrets masked as the server sent them. */
export function SpecPanel({ spec }: { spec: TServiceSpec }) {
  const asks = adminOnlyAsks(spec);
  const env = Object.entries(spec.env);
  const secrets = Object.keys(spec.secretEnv);
  return (
    <div className="flex flex-col gap-4">
      <Facts
        items={[
          ['Image', <Mono key="i">{spec.image}</Mono>],
          ['Hosts', spec.hosts.join(', ')],
          ['Container name', spec.containerName ?? spec.name],
          [
            'Command',
            spec.command?.length ? <Mono key="c">{JSON.stringify(spec.command)}</Mono> : "the image's",
          ],
          ['Health check', healthText(spec)],
          ['Network', [spec.network, ...(spec.networks ?? [])].join(', ')],
          ['Restart', spec.restartPolicy],
          [
            'Resources',
            spec.resources?.memoryMb || spec.resources?.cpus
              ? [
                  spec.resources.memoryMb ? `${spec.resources.memoryMb} MiB` : null,
                  spec.resources.cpus ? `${spec.resources.cpus} CPUs` : null,
                ]
                  .filter(Boolean)
                  .join(', ')
              : 'no limits',
          ],
          ['Depends on', spec.dependsOn.join(', ') || null],
          [
            'Approval',
            spec.requiresApproval ? 'a lead approves each release' : 'releases run without approval',
          ],
          ['Labels', <LabelChips key="l" labels={spec.labels} />],
          [
            'Admin only',
            asks.length ? (
              <span key="a" className="flex flex-wrap gap-1">
                {asks.map((a) => (
                  <Badge key={a} tone="warn">
                    {a}
                  </Badge>
                ))}
              </span>
            ) : null,
          ],
        ]}
      />
      <MiniTable
        label="Ports"
        columns={['Host', 'Container', 'Address']}
        empty="No published ports."
        rows={spec.ports.map((p, i) => ({
          key: String(i),
          cells: [`${p.host}/${p.proto}`, String(p.container), p.hostIp || 'all'],
        }))}
      />
      <MiniTable
        label="Volumes"
        columns={['Volume', 'Mounted at', 'Before deploy']}
        empty="No volumes."
        rows={spec.volumes.map((v) => ({
          key: v.name,
          cells: [
            <Mono key="n">{v.name}</Mono>,
            <Mono key="t">
              {v.target}
              {v.readOnly ? ' (ro)' : ''}
            </Mono>,
            v.backup ? (
              <Badge key="b" tone="info">
                backed up
              </Badge>
            ) : (
              <span key="b" className="text-muted">
                —
              </span>
            ),
          ],
        }))}
      />
      <MiniTable
        label="Environment"
        columns={['Name', 'Value']}
        empty="No environment variables."
        rows={[
          ...env.map(([k, v]) => ({ key: k, cells: [<Mono key="k">{k}</Mono>, <Mono key="v">{v}</Mono>] })),
          ...secrets.map((k) => ({
            key: `secret:${k}`,
            cells: [
              <Mono key="k">{k}</Mono>,
              <span key="v" className="text-muted" title="secret: encrypted at rest, never shown">
                {SECRET_MASK} secret
              </span>,
            ],
          })),
        ]}
      />
    </div>
  );
}

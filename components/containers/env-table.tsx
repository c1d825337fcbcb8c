import type { TEnvVar } from '@/lib/types/fleet';
import { Badge } from '../ui/badge';
import { MiniTable, Mono } from './detail-parts';

/** Environment variables; secret values arrive masked from the server for roles that may not see them. */
export function EnvTable({ env }: { env: TEnvVar[] }) {
  const masked = env.filter((v) => v.masked).length;
  return (
    <div className="flex flex-col gap-2">
      {masked > 0 ? (
        <p className="text-xs text-muted">
          {masked} {masked === 1 ? 'value is' : 'values are'} masked: your role may not read secrets.
        </p>
      ) : null}
      <MiniTable
        label="Environment variables"
        columns={['Name', 'Value']}
        empty="No environment variables."
        rows={env.map((v) => ({
          key: v.name,
          cells: [
            <Mono key="n">{v.name}</Mono>,
            v.masked ? (
              <span key="v" className="inline-flex items-center gap-2">
                <Mono>••••••</Mono>
                <Badge>masked</Badge>
              </span>
            ) : (
              <Mono key="v">{v.value}</Mono>
            ),
          ],
        }))}
      />
    </div>
  );
}

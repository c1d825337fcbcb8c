import type { TPortProto } from '@/lib/types/ports';
import { Button } from '../ui/button';
import { HolderText } from './claim-parts';
import type { PortAnswer as TAnswer } from './claims-model';

/** The one-line answer under the search: who holds the port, or that it is free (and a Reserve). */
export function PortAnswer({
  answer,
  hostRef,
  onShow,
  onReserve,
}: {
  answer: TAnswer;
  hostRef: string;
  onShow: (port: number) => void;
  onReserve?: (port: number, proto: TPortProto) => void;
}) {
  if (answer.kind === 'free') {
    return (
      <div role="status" data-testid="port-answer" className="flex flex-wrap items-center gap-2 text-sm">
        <span>
          Nothing holds <strong className="font-mono">{answer.port}</strong> on {hostRef}: it is free
          {answer.hints.length > 0 ? (
            <span className="text-amber-800 dark:text-amber-300">
              {' '}
              as far as Docker can tell; {answer.hints.map((h) => h.name).join(', ')} on the host network may
              bind it
            </span>
          ) : null}
          .
        </span>
        {onReserve ? (
          <Button size="sm" onClick={() => onReserve(answer.port, answer.proto)}>
            Reserve {answer.port}
          </Button>
        ) : null}
      </div>
    );
  }
  const seen = new Set<string>();
  const holders = answer.claims.filter((c) => {
    const key = `${c.holder.kind}:${c.holder.id}:${c.proto}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return (
    <div
      role="status"
      data-testid="port-answer"
      className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm"
    >
      <span>
        <strong className="font-mono">{answer.port}</strong> is held by
      </span>
      <ul className="contents">
        {holders.map((c) => (
          <li key={`${c.holder.kind}:${c.holder.id}:${c.proto}`} className="inline-flex items-center gap-1">
            <HolderText holder={c.holder} hostRef={hostRef} />
            <span className="text-xs text-muted">
              ({c.proto}, {c.state}
              {c.holder.service ? `, service ${c.holder.service}` : ''}
              {c.containerPort !== null ? `, → ${c.containerPort}` : ''})
            </span>
          </li>
        ))}
      </ul>
      <Button size="sm" variant="ghost" onClick={() => onShow(answer.port)}>
        Show on the picture
      </Button>
    </div>
  );
}

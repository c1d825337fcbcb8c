'use client';

import { useState } from 'react';
import { useContainerAction } from '@/lib/queries/containers';
import type { TContainerAction } from '@/lib/schemas/hosts';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/dialog';
import { toast } from '../ui/toast';

const LABEL: Record<TContainerAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart' };

const EXPLAIN: Record<TContainerAction, string> = {
  start: 'The container starts with its current configuration.',
  stop: 'Docker sends the stop signal and kills the container if it has not exited after its stop timeout. Anything it serves goes away until it is started again.',
  restart: 'The container is stopped and started again; it is briefly unavailable.',
};

const LIVE_STATES = new Set(['running', 'restarting', 'paused']);

/**
 * Only the actions that make sense now are shown: a live container can be stopped or restarted, any
 * other can be started. Showing one set at a time also keeps "Start" and "Restart" apart.
 */
function actionsFor(state: string): TContainerAction[] {
  if (state === 'removing') return [];
  return LIVE_STATES.has(state) ? ['stop', 'restart'] : ['start'];
}

/** Start, Stop and Restart, each confirmed first; the button shows the action running. */
export function ContainerActions({
  hostRef,
  id,
  name,
  state,
}: {
  hostRef: string;
  id: string;
  name: string;
  state: string;
}) {
  const [asking, setAsking] = useState<TContainerAction | null>(null);
  const action = useContainerAction(hostRef, id);
  const running = action.isPending ? action.variables : null;

  return (
    <div className="flex items-center gap-2">
      {actionsFor(state).map((a) => (
        <Button
          key={a}
          variant={a === 'stop' ? 'danger' : a === 'start' ? 'primary' : 'secondary'}
          pending={running === a}
          disabled={action.isPending}
          onClick={() => setAsking(a)}
        >
          {LABEL[a]}
        </Button>
      ))}
      <ConfirmDialog
        open={asking !== null}
        danger={asking === 'stop'}
        title={asking ? `${LABEL[asking]} ${name} on ${hostRef}?` : ''}
        description={asking ? EXPLAIN[asking] : ''}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const chosen = asking;
          setAsking(null);
          if (!chosen) return;
          action.mutate(chosen, {
            onSuccess: (result) => {
              const after = (result as { state?: string } | undefined)?.state;
              toast.success(`${LABEL[chosen]}: ${name} is ${after ?? 'done'}`);
            },
          });
        }}
      />
    </div>
  );
}

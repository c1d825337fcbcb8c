'use client';

import { useEffect, useRef, useState } from 'react';
import { shortId } from '@/lib/format';
import { useHosts } from '@/lib/queries/hosts';
import { streamPull, useAfterPull } from '@/lib/queries/images';
import { ZImageRef } from '@/lib/schemas/images';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormError, TextField } from '../ui/field';
import { toast } from '../ui/toast';
import {
  applyPullEvent,
  finishPull,
  layerSummary,
  pullFraction,
  startPull,
  type THostPull,
  type TPullState,
} from './pull-progress';

function HostProgress({ pull }: { pull: THostPull }) {
  const fraction = pullFraction(pull);
  const tone = pull.state === 'done' ? 'ok' : pull.state === 'error' ? 'bad' : 'info';
  return (
    <li
      className="flex flex-col gap-1 rounded-md border border-line px-3 py-2"
      data-testid={`pull-${pull.host}`}
    >
      <div className="flex items-center justify-between gap-2 text-sm">
        <span className="truncate font-medium" title={pull.host}>
          {pull.host}
        </span>
        <Badge tone={tone}>{pull.state === 'done' ? 'pulled' : pull.state}</Badge>
      </div>
      {pull.state === 'error' ? (
        <p role="alert" className="text-xs break-words text-red-800 dark:text-red-300">
          {pull.error}
        </p>
      ) : pull.state === 'done' ? (
        <p className="truncate font-mono text-xs text-muted" title={pull.digest ?? pull.imageId ?? undefined}>
          {pull.imageId ? `image ${shortId(pull.imageId)}` : ''}
          {pull.digest ? ` · ${pull.digest}` : ''}
        </p>
      ) : (
        <>
          <div
            role="progressbar"
            aria-label={`Pull progress on ${pull.host}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
            className="h-1.5 overflow-hidden rounded bg-raised"
          >
            <div
              className={`h-full bg-accent transition-[width] ${fraction === null ? 'w-1/4 animate-pulse' : ''}`}
              style={fraction === null ? undefined : { width: `${Math.round(fraction * 100)}%` }}
            />
          </div>
          <p className="truncate text-xs text-muted" title={layerSummary(pull)}>
            {layerSummary(pull) || 'waiting for the engine…'}
          </p>
        </>
      )}
    </li>
  );
}

type Props = { open: boolean; onClose: () => void; initialRef?: string; initialHosts?: string[] };

/** Pull a reference to chosen hosts, with each host's progress as the engine reports it. */
export function PullDialog({ open, onClose, initialRef = '', initialHosts }: Props) {
  const { data: hosts } = useHosts();
  const [ref, setRef] = useState(initialRef);
  const [chosen, setChosen] = useState<Set<string> | null>(initialHosts ? new Set(initialHosts) : null);
  const [refError, setRefError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [progress, setProgress] = useState<TPullState | null>(null);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const afterPull = useAfterPull();

  const upHosts = (hosts ?? []).filter((h) => h.status === 'up').map((h) => h.name);
  const selected = chosen ?? new Set(upHosts);

  useEffect(() => () => abort.current?.abort(), []);

  const close = () => {
    abort.current?.abort();
    onClose();
  };

  const toggle = (name: string) => {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setChosen(next);
  };

  const submit = async () => {
    setFormError(null);
    const parsed = ZImageRef.safeParse(ref.trim());
    if (!parsed.success) {
      setRefError(parsed.error.issues[0]?.message ?? 'not an image reference');
      setProgress(null);
      return;
    }
    setRefError(null);
    const targets = [...selected];
    if (targets.length === 0) {
      setFormError('Choose at least one host.');
      setProgress(null);
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setRunning(true);
    let state = startPull(targets);
    setProgress(state);
    try {
      await streamPull(
        parsed.data,
        targets,
        (event) => {
          state = applyPullEvent(state, event);
          setProgress(state);
        },
        controller.signal,
      );
      state = finishPull(state);
      setProgress(state);
      const failed = Object.values(state).filter((p) => p.state === 'error').length;
      if (failed === 0) toast.success(`Pulled ${parsed.data} to ${targets.length} host(s)`);
    } catch (error) {
      if (controller.signal.aborted) return;
      setFormError(error instanceof Error ? error.message : String(error));
      setProgress(null);
    } finally {
      setRunning(false);
      void afterPull(targets);
    }
  };

  return (
    <Dialog open={open} onClose={close} title="Pull an image" size="lg">
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField
          label="Image reference"
          name="ref"
          value={ref}
          onChange={(e) => {
            setRef(e.target.value);
            setRefError(null);
          }}
          placeholder="127.0.0.1:5055/team/app:1.2.3"
          error={refError ?? undefined}
          hint="repository:tag or repository@sha256:…, as you would give to docker pull"
          autoComplete="off"
          spellCheck={false}
          disabled={running}
          autoFocus
        />
        <fieldset className="flex flex-col gap-1" disabled={running}>
          <legend className="mb-1 text-xs font-medium text-muted">Hosts</legend>
          {(hosts ?? []).map((h) => (
            <label key={h.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={selected.has(h.name)} onChange={() => toggle(h.name)} />
              <span className="truncate" title={h.name}>
                {h.name}
              </span>
              {h.status !== 'up' ? <Badge tone="bad">{h.status}</Badge> : null}
            </label>
          ))}
          {hosts && hosts.length === 0 ? (
            <p className="text-sm text-muted">No hosts are registered.</p>
          ) : null}
        </fieldset>
        <FormError message={formError} />
        {progress ? (
          <ul aria-label="Pull progress" aria-live="polite" className="flex flex-col gap-2">
            {Object.values(progress).map((p) => (
              <HostProgress key={p.host} pull={p} />
            ))}
          </ul>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>{running ? 'Stop watching' : 'Close'}</Button>
          <Button type="submit" variant="primary" pending={running}>
            {progress && !running ? 'Pull again' : 'Pull'}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

import { formatDateTime } from '@/lib/format';
import type { TStreamState } from '@/lib/queries/logs';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';

const DOT: Record<TStreamState['status'], string> = {
  connecting: 'bg-slate-400 animate-pulse',
  live: 'bg-emerald-500',
  reconnecting: 'bg-amber-500 animate-pulse',
  ended: 'bg-slate-400',
  full: 'bg-slate-400',
  failed: 'bg-red-500',
  static: 'bg-slate-400',
};

const WORDS: Record<TStreamState['status'], string> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  ended: 'ended',
  full: 'window full',
  failed: 'failed',
  static: 'kept lines',
};

/** Where the stream stands, with what can be done about it. */
export function StreamStatus({
  state,
  onResume,
  onGoLive,
}: {
  state: TStreamState;
  onResume: () => void;
  onGoLive: () => void;
}) {
  return (
    <span
      className="inline-flex items-center gap-2 text-xs"
      data-testid="log-status"
      data-status={state.status}
    >
      <span aria-hidden="true" className={`inline-block size-2 rounded-full ${DOT[state.status]}`} />
      <span className="font-medium">{WORDS[state.status]}</span>
      {state.message && state.status !== 'failed' ? (
        <span className="max-w-80 truncate text-muted" title={state.message}>
          {state.message}
        </span>
      ) : null}
      {state.status === 'ended' ? (
        <Button size="sm" onClick={onResume} title="Read on from the newest line shown">
          Follow again
        </Button>
      ) : null}
      {state.status === 'full' ? (
        <Button size="sm" onClick={onGoLive} title="Drop this window and follow the newest lines">
          Go live
        </Button>
      ) : null}
    </span>
  );
}

/** A stream the server refused: the reason in place of an empty pane. */
export function StreamRefused({ state, onRetry }: { state: TStreamState; onRetry: () => void }) {
  const title =
    state.httpStatus === 409
      ? 'These logs cannot be read through Wharf'
      : state.httpStatus === 404
        ? 'Not found'
        : state.httpStatus === 403
          ? 'Your role may not read these logs'
          : state.httpStatus === 401
            ? 'Your session has ended: sign in again'
            : 'The log could not be read';
  return (
    <div className="p-4" data-testid="log-refused">
      <ErrorPanel
        title={title}
        error={state.message ?? 'unknown error'}
        onRetry={state.httpStatus === 409 || state.httpStatus === 403 ? undefined : onRetry}
      />
    </div>
  );
}

/** What an empty pane means: still connecting, a host that does not answer, or a quiet container. */
export function EmptyLog({
  state,
  filtered,
  since,
}: {
  state: TStreamState;
  filtered: boolean;
  since: string | null;
}) {
  if (state.status === 'connecting') return <p className="text-sm text-muted">Connecting to the log…</p>;
  if (state.status === 'reconnecting')
    return (
      <div
        role="alert"
        className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
      >
        <p className="font-medium">Cannot read the log right now; trying again.</p>
        {state.message ? <p className="mt-1 break-words">{state.message}</p> : null}
      </div>
    );
  if (filtered)
    return (
      <EmptyState title="No line matches the filters">
        Clear the filter, stream or level to see every line.
      </EmptyState>
    );
  return (
    <EmptyState title="No lines yet">
      {since ? `Nothing was written since ${formatDateTime(since)}. ` : 'The log is empty. '}
      {state.status === 'live' ? 'New lines appear here as they are written.' : null}
    </EmptyState>
  );
}

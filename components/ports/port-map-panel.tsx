'use client';

import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { plural, shownOf } from '@/lib/format';
import { useCan } from '@/lib/hooks/use-current-user';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import { type TSuggestParams, useHostPorts, usePortSuggestion } from '@/lib/queries/ports';
import type { TPortClaim, TPortConflict, TPortProto } from '@/lib/types/ports';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { SearchBox } from '../ui/filter-bar';
import { LoadingBlock } from '../ui/skeleton';
import { nextSort, type SortState } from '../ui/table';
import {
  answerFor,
  type ClaimSortKey,
  countStates,
  filterAndSortClaims,
  highlightedPorts,
  matchesHostNetwork,
  parseClaimQuery,
} from './claims-model';
import { ClaimsTable } from './claims-table';
import { ConflictsList } from './conflicts-list';
import { HostNetworkList } from './host-network-list';
import { PortAnswer } from './port-answer';
import { contains, formatRange, type Lane, portKey, spanOf, viewAround } from './port-band-model';
import { PortPicture, usePictureState } from './port-picture';
import { ReservationsTable } from './reservations-table';
import { ReserveDialog, type ReserveDraft } from './reserve-dialog';
import { SuggestBox } from './suggest-box';

/**
 * One host's ports: who holds what (search, picture, table), what is free (suggestions), the
 * reservations, the conflicts, and the containers on the host network, which the map cannot place.
 */
export function PortMapPanel({ hostRef, initialQuery = '' }: { hostRef: string; initialQuery?: string }) {
  const { data, error, isPending, isFetching, refetch } = useHostPorts(hostRef);
  const canReserve = useCan('ports.reserve');
  const picture = usePictureState();
  const [query, setQuery] = useState(initialQuery);
  const deferred = useDeferredValue(query);
  const parsed = useMemo(() => parseClaimQuery(deferred), [deferred]);
  const [sort, setSort] = useState<SortState<ClaimSortKey>>({ key: 'port', dir: 'asc' });
  const onSort = useCallback((key: ClaimSortKey) => setSort((s) => nextSort(s, key)), []);
  const [ask, setAsk] = useState<TSuggestParams | null>(null);
  const suggestion = usePortSuggestion(hostRef, ask);
  const [reserving, setReserving] = useState<ReserveDraft | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useSlashFocus(inputRef);

  const claims = data?.claims;
  const rows = useMemo(() => filterAndSortClaims(claims ?? [], parsed, sort), [claims, parsed, sort]);
  const highlight = useMemo(() => highlightedPorts(claims ?? [], parsed), [claims, parsed]);
  const suggested = useMemo(
    () => (suggestion.data?.ports ?? []).map((port) => ({ port, proto: suggestion.data?.proto ?? 'tcp' })),
    [suggestion.data],
  );
  const conflictKeys = useMemo(
    () => new Set((data?.conflicts ?? []).map((c) => portKey(c.port, c.proto))),
    [data?.conflicts],
  );
  const { setView, setSelected, view } = picture;

  /** Brings a port into a close view of the picture and opens its details. */
  const show = useCallback(
    (port: number, lane: Lane | undefined) => {
      if (!contains(view, port) || spanOf(view) > 60) setView(viewAround(port));
      if (lane) setSelected({ lane, from: port, to: port });
      document
        .getElementById(`ports-${hostRef}-picture`)
        ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    },
    [view, setView, setSelected, hostRef],
  );
  const showFree = (ports: number[]) => {
    const from = Math.min(...ports);
    const to = Math.max(...ports);
    setView({ from: from - 5, to: Math.max(to + 5, from + 35) });
    setSelected({ lane: 'free', from, to });
    document
      .getElementById(`ports-${hostRef}-picture`)
      ?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };
  const showClaim = useCallback((c: TPortClaim) => show(c.port, c.state), [show]);
  const showConflict = (c: TPortConflict) => show(c.port, c.claims[0]?.state);
  const reserve = canReserve ? (port: number, proto: TPortProto) => setReserving({ port, proto }) : undefined;

  if (isPending) return <LoadingBlock label={`Reading the ports of ${hostRef}…`} rows={6} />;
  if (!data) {
    // The reservations live in Wharf, so they still show while the engine does not answer.
    return (
      <div className="flex flex-col gap-4">
        <ErrorPanel
          title={`The ports of ${hostRef} could not be read`}
          error={error}
          onRetry={() => void refetch()}
        />
        <ReservationsTable hostRef={hostRef} />
      </div>
    );
  }

  const counts = countStates(data.claims);
  const answer = answerFor(data.claims, data.hostNetwork, parsed);
  const hostNet = data.hostNetwork.filter((c) => matchesHostNetwork(c, parsed));
  return (
    <section aria-label={`Ports of ${hostRef}`} className="flex flex-col gap-4" data-testid="port-map">
      <p className="text-sm text-muted" aria-live="polite">
        {counts.bound} bound · {counts.claimed} claimed by stopped containers or specs · {counts.reserved}{' '}
        reserved · {plural(data.conflicts.length, 'conflict').replace(/^0 conflicts$/, 'no conflicts')} ·
        random host ports come from {formatRange(data.ephemeral)}
        {data.hostNetwork.length > 0 ? ` · ${data.hostNetwork.length} on the host network` : ''}
        {isFetching ? ' · refreshing…' : ''}
      </p>
      <ConflictsList conflicts={data.conflicts} onShow={showConflict} />
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-semibold">Who holds a port?</h3>
          <SearchBox
            id={`ports-${hostRef}-search`}
            inputRef={inputRef}
            label="Search the ports"
            placeholder="8080, 9000-9100, a container, service or note"
            value={query}
            onChange={setQuery}
            className="w-full max-w-md"
          />
          {answer ? (
            <PortAnswer
              answer={answer}
              hostRef={hostRef}
              onShow={(port) => show(port, answer.kind === 'held' ? answer.claims[0]?.state : undefined)}
              onReserve={reserve}
            />
          ) : (
            <p className="text-xs text-muted">
              A number finds that host port exactly; a range like 9000-9100 lists what is in it; words match
              containers, services, notes and addresses.
            </p>
          )}
        </div>
        <SuggestBox
          onAsk={setAsk}
          result={suggestion.data}
          pending={suggestion.isFetching}
          error={suggestion.error}
          onReserve={reserve}
          onShow={showFree}
        />
      </div>
      <div id={`ports-${hostRef}-picture`}>
        <PortPicture
          data={data}
          state={picture}
          highlight={highlight}
          suggestions={suggested}
          onReserve={reserve}
        />
      </div>
      <div className="flex flex-col gap-2">
        <div className="flex items-center gap-2">
          <h3 className="text-sm font-semibold">Claims</h3>
          <span className="text-xs text-muted" aria-live="polite">
            {shownOf(rows.length, data.claims.length, (n) => `${n} claims`)}
          </span>
        </div>
        {data.claims.length === 0 ? (
          <EmptyState title={`No published port on ${hostRef}`}>
            No container publishes a host port and nothing is reserved. Containers started with -p or -P, and
            reservations made here, show up in this list and on the picture.
          </EmptyState>
        ) : rows.length === 0 ? (
          <EmptyState
            title="No claim matches"
            action={<Button onClick={() => setQuery('')}>Clear the search</Button>}
          >
            {answer?.kind === 'free' ? `Nothing holds ${answer.port}.` : `Nothing matches “${deferred}”.`}
          </EmptyState>
        ) : (
          <ClaimsTable
            rows={rows}
            hostRef={hostRef}
            sort={sort}
            onSort={onSort}
            conflictKeys={conflictKeys}
            onShow={showClaim}
          />
        )}
      </div>
      <ReservationsTable hostRef={hostRef} onAdd={() => setReserving({ port: null, proto: 'tcp' })} />
      <HostNetworkList hostRef={hostRef} containers={hostNet} total={data.hostNetwork.length} />
      {reserving ? (
        <ReserveDialog hostRef={hostRef} draft={reserving} onClose={() => setReserving(null)} />
      ) : null}
    </section>
  );
}

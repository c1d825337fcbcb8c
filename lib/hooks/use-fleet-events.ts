'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { keys } from '@/lib/queries/keys';
import type { TFleetEvent } from '@/lib/types/fleet';

type THostStreamStatus = { hostId: string; hostName: string; connected: boolean; error?: string };

/**
 * `connecting`: the stream or some host's Docker events are not connected yet; `live`: every host's
 * events arrive; `partial`: connected, but some hosts' event streams are down; `offline`: the
 * stream to Wharf is lost and the browser is reconnecting.
 */
export type LiveState = 'connecting' | 'live' | 'partial' | 'offline';

const CONTAINERS_THROTTLE_MS = 200;
const SUMMARY_DEBOUNCE_MS = 1000;
const HOST_GRACE_MS = 6000;

/** Container actions that change what the lists show; health-check execs and attaches do not. */
const STATE_ACTIONS = new Set([
  'create',
  'start',
  'restart',
  'stop',
  'die',
  'pause',
  'unpause',
  'destroy',
  'rename',
  'update',
  'oom',
]);

function changesState(action: string): boolean {
  return STATE_ACTIONS.has(action) || action.startsWith('health_status');
}

let liveState: LiveState = 'connecting';
const liveListeners = new Set<() => void>();

function setLiveState(next: LiveState): void {
  if (next === liveState) return;
  liveState = next;
  for (const l of liveListeners) l();
}

/** The state of the one fleet event stream, for the live indicator. */
export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (l) => {
      liveListeners.add(l);
      return () => liveListeners.delete(l);
    },
    () => liveState,
    () => 'connecting',
  );
}

function parse<T>(data: unknown): T | null {
  try {
    return JSON.parse(String(data)) as T;
  } catch {
    return null;
  }
}

/**
 * One EventSource on the fleet's Docker events for the whole app. A container event that changes
 * state refreshes that host's containers at once (then at most every 200 ms), and its summary and
 * the overview within a second; a change in a host's event stream refreshes the same. `hostIds` is
 * null until the hosts are known; a changed set reopens the stream so it covers new hosts.
 * EventSource reconnects by itself, and everything is read again after a reconnect, since events
 * may have been missed meanwhile.
 */
export function useFleetEvents(hostIds: string | null): void {
  const queryClient = useQueryClient();

  useEffect(() => {
    if (hostIds === null || typeof EventSource === 'undefined') return;
    const expected = hostIds ? hostIds.split(',') : [];
    const source = new EventSource('/api/v1/events');
    const throttles = new Map<string, { timer?: ReturnType<typeof setTimeout>; last: number }>();
    const summaryRefs = new Set<string>();
    let summaryTimer: ReturnType<typeof setTimeout> | undefined;
    const connected = new Map<string, boolean>();
    let open = false;
    let lost = false;
    // A host whose event stream neither connects nor fails (a hung engine) must not hold the
    // indicator at "connecting" forever: after a grace period it counts as not connected.
    let graceOver = false;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;

    const recompute = () => {
      if (!open) return setLiveState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
      if (!graceOver && expected.some((id) => !connected.has(id))) return setLiveState('connecting');
      setLiveState(expected.every((id) => connected.get(id)) ? 'live' : 'partial');
    };

    const refreshSummaries = (hostRefs: string[]) => {
      for (const ref of hostRefs) summaryRefs.add(ref);
      if (summaryTimer) return;
      summaryTimer = setTimeout(() => {
        summaryTimer = undefined;
        for (const ref of summaryRefs)
          void queryClient.invalidateQueries({ queryKey: keys.host(ref), exact: true });
        summaryRefs.clear();
        void queryClient.invalidateQueries({ queryKey: keys.hosts(), exact: true });
      }, SUMMARY_DEBOUNCE_MS);
    };

    // Leading and trailing: the first event after a quiet spell reads at once, a burst reads again at
    // most every 200 ms. A refetch in flight is never cancelled (a cancelled list read is lost time);
    // the refresh waits for it to land, then reads again so the answer is newer than the event.
    const refreshContainers = (hostRefs: string[]) => {
      const id = hostRefs[0] as string;
      const t = throttles.get(id) ?? { last: 0 };
      throttles.set(id, t);
      if (t.timer) return;
      const fire = () => {
        if (hostRefs.some((ref) => queryClient.isFetching({ queryKey: keys.containers(ref) }) > 0)) {
          t.timer = setTimeout(fire, 50);
          return;
        }
        t.timer = undefined;
        t.last = Date.now();
        for (const ref of hostRefs) void queryClient.invalidateQueries({ queryKey: keys.containers(ref) });
      };
      t.timer = setTimeout(fire, Math.max(0, t.last + CONTAINERS_THROTTLE_MS - Date.now()));
    };

    const onDocker = (event: MessageEvent) => {
      const e = parse<TFleetEvent>(event.data);
      if (e?.type !== 'container' || !changesState(e.action)) return;
      const refs = e.hostId === e.hostName ? [e.hostName] : [e.hostName, e.hostId];
      refreshContainers(refs);
      refreshSummaries(refs);
    };

    const onHost = (event: MessageEvent) => {
      const s = parse<THostStreamStatus>(event.data);
      if (!s) return;
      const before = connected.get(s.hostId);
      connected.set(s.hostId, s.connected);
      recompute();
      // The first "connected" of each host is just its stream opening; changes are news.
      if (before === s.connected || (before === undefined && s.connected)) return;
      const refs = [s.hostName, s.hostId];
      refreshContainers(refs);
      refreshSummaries(refs);
    };

    const onOpen = () => {
      open = true;
      if (lost) void queryClient.invalidateQueries({ queryKey: keys.hosts() });
      lost = false;
      graceOver = false;
      clearTimeout(graceTimer);
      graceTimer = setTimeout(() => {
        graceOver = true;
        recompute();
      }, HOST_GRACE_MS);
      recompute();
    };
    const onError = () => {
      // EventSource retries by itself; until then the host statuses are unknown again.
      open = false;
      lost = true;
      connected.clear();
      setLiveState('offline');
    };

    setLiveState('connecting');
    source.addEventListener('open', onOpen);
    source.addEventListener('error', onError);
    source.addEventListener('docker', onDocker);
    source.addEventListener('host', onHost);
    return () => {
      source.removeEventListener('open', onOpen);
      source.removeEventListener('error', onError);
      source.removeEventListener('docker', onDocker);
      source.removeEventListener('host', onHost);
      source.close();
      for (const t of throttles.values()) clearTimeout(t.timer);
      if (summaryTimer) clearTimeout(summaryTimer);
      clearTimeout(graceTimer);
    };
  }, [queryClient, hostIds]);
}

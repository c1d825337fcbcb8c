'use client';

import { useCallback, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
/** What was set on this page, so a setting works even where storage is refused. */
const memory = new Map<string, boolean>();

function read(key: string, fallback: boolean): boolean {
  const set = memory.get(key);
  if (set !== undefined) return set;
  try {
    const v = window.localStorage.getItem(key);
    return v === null ? fallback : v === '1';
  } catch {
    return fallback;
  }
}

/** A yes/no view setting of the log viewer (wrap, UTC) that the browser remembers. */
export function useViewSetting(name: string, fallback: boolean): [boolean, (value: boolean) => void] {
  const key = `wharf.logs.${name}`;
  const value = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => read(key, fallback),
    () => fallback,
  );
  const set = useCallback(
    (next: boolean) => {
      memory.set(key, next);
      try {
        window.localStorage.setItem(key, next ? '1' : '0');
      } catch {
        // private mode: the setting lasts for this page only
      }
      for (const l of listeners) l();
    },
    [key],
  );
  return [value, set];
}

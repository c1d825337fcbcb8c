'use client';

import { useSyncExternalStore } from 'react';

export type ToastKind = 'error' | 'success' | 'info';
type Toast = { id: number; kind: ToastKind; message: string };

const AUTO_DISMISS_MS = { error: 8000, success: 4000, info: 5000 } as const;
const MAX_TOASTS = 4;

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

function dismiss(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function push(kind: ToastKind, message: string): void {
  // The same message twice in a row (a poll failing again) shows once.
  if (toasts.some((t) => t.kind === kind && t.message === message)) return;
  const id = nextId++;
  toasts = [...toasts, { id, kind, message }].slice(-MAX_TOASTS);
  emit();
  setTimeout(() => dismiss(id), AUTO_DISMISS_MS[kind]);
}

/** The one toast system; callable from anywhere, including the query cache's error handlers. */
export const toast = {
  error: (message: string) => push('error', message),
  success: (message: string) => push('success', message),
  info: (message: string) => push('info', message),
};

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const EMPTY: Toast[] = [];

const KIND_STYLE: Record<ToastKind, string> = {
  error: 'border-red-400 dark:border-red-700',
  success: 'border-emerald-400 dark:border-emerald-700',
  info: 'border-line',
};

export function Toaster() {
  const items = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => EMPTY,
  );
  return (
    <section
      aria-label="Notifications"
      className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-96 flex-col gap-2"
    >
      {items.map((t) => (
        <div
          key={t.id}
          role={t.kind === 'error' ? 'alert' : 'status'}
          className={`pointer-events-auto flex items-start gap-3 rounded-md border-l-4 border bg-surface px-3 py-2 text-sm shadow-lg ${KIND_STYLE[t.kind]}`}
        >
          <p className="min-w-0 flex-1 break-words">{t.message}</p>
          <button
            type="button"
            onClick={() => dismiss(t.id)}
            className="shrink-0 rounded px-1 text-muted hover:text-fg"
            aria-label="Dismiss notification"
          >
            ✕
          </button>
        </div>
      ))}
    </section>
  );
}

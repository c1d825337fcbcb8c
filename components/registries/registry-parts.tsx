'use client';

import Link from 'next/link';
import { useState } from 'react';
import { formatAgo, formatDateTime } from '@/lib/format';
import type { TagKind } from '@/lib/images/reference';
import { Badge, type BadgeTone } from '../ui/badge';

export function Breadcrumbs({ items }: { items: { label: string; href?: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="mb-1 text-xs text-muted">
      <ol className="flex min-w-0 flex-wrap items-center gap-1">
        {items.map((item, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a breadcrumb trail never reorders
          <li key={i} className="flex min-w-0 items-center gap-1">
            {i > 0 ? <span aria-hidden="true">/</span> : null}
            {item.href ? (
              <Link
                href={item.href}
                className="max-w-64 truncate hover:text-fg hover:underline"
                title={item.label}
              >
                {item.label}
              </Link>
            ) : (
              <span aria-current="page" className="max-w-96 truncate" title={item.label}>
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A relative time with the exact one on hover. */
export function TimeAgo({ iso, now }: { iso: string | null; now?: number }) {
  if (!iso) return <span className="text-muted">—</span>;
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatAgo(iso, now)}
    </time>
  );
}

export function shortDigest(digest: string): string {
  const [algo, hex] = digest.includes(':') ? digest.split(':', 2) : ['', digest];
  return `${algo ? `${algo}:` : ''}${(hex ?? '').slice(0, 12)}`;
}

/** Copies a value; says so for a moment, or selects nothing and says the clipboard is closed. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      aria-label={label}
      title={state === 'failed' ? 'The clipboard is not available here' : label}
      onClick={async (event) => {
        event.stopPropagation();
        try {
          await navigator.clipboard.writeText(value);
          setState('copied');
        } catch {
          setState('failed');
        }
        setTimeout(() => setState('idle'), 1500);
      }}
      className="inline-flex size-5 shrink-0 items-center justify-center rounded text-muted hover:bg-raised hover:text-fg"
    >
      {state === 'idle' ? (
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5" fill="none" stroke="currentColor">
          <rect x="5.5" y="5.5" width="8" height="8" rx="1.5" strokeWidth="1.3" />
          <path
            d="M10.5 3.5v-.5a1.5 1.5 0 0 0-1.5-1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5"
            strokeWidth="1.3"
          />
        </svg>
      ) : (
        <span aria-hidden="true" className="text-[11px] leading-none">
          {state === 'copied' ? '✓' : '✕'}
        </span>
      )}
      <span className="sr-only" aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : ''}
      </span>
    </button>
  );
}

/** A digest shown short, in full on hover, with a copy button. */
export function Digest({ digest }: { digest: string | null }) {
  if (!digest) return <span className="text-muted">—</span>;
  return (
    <span className="inline-flex items-center gap-1">
      <code className="font-mono text-xs" title={digest}>
        {shortDigest(digest)}
      </code>
      <CopyButton value={digest} label={`Copy digest ${digest}`} />
    </span>
  );
}

const KIND: Record<TagKind, { label: string; tone: BadgeTone; title: string }> = {
  'git-sha': { label: 'Git SHA', tone: 'info', title: 'A Git commit tag: it must never move' },
  version: { label: 'version', tone: 'neutral', title: 'A version tag: it should rarely move' },
  mutable: { label: 'mutable', tone: 'warn', title: 'A moving tag such as latest: what it names can change' },
};

export function TagKindBadge({ kind }: { kind: TagKind }) {
  const k = KIND[kind];
  return (
    <Badge tone={k.tone} title={k.title}>
      {k.label}
    </Badge>
  );
}

/** Whether a label's text is a web address that may be a link; anything else stays text. */
export function httpUrl(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The OCI source label: a link when it is http(s), text otherwise. */
export function SourceText({ source, className = '' }: { source: string | null; className?: string }) {
  if (!source) return <span className="text-muted">—</span>;
  const href = httpUrl(source);
  const shown = source.replace(/^https?:\/\//, '');
  if (!href)
    return (
      <span className={`block truncate text-xs ${className}`} title={source}>
        {source}
      </span>
    );
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow"
      className={`block truncate text-xs text-accent hover:underline ${className}`}
      title={source}
    >
      {shown}
    </a>
  );
}

/** A Git revision, short, in full on hover. */
export function Revision({ revision }: { revision: string | null }) {
  if (!revision) return <span className="text-muted">—</span>;
  const short = /^[0-9a-f]{12,}$/i.test(revision) ? revision.slice(0, 12) : revision;
  return (
    <code className="block truncate font-mono text-xs" title={revision}>
      {short}
    </code>
  );
}

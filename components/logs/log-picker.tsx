'use client';

import { useQueries } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useMemo, useState } from 'react';
import { containersQueryOptions } from '@/lib/queries/containers';
import { useHosts } from '@/lib/queries/hosts';
import { logsHref } from '@/lib/queries/logs';
import { useServices } from '@/lib/queries/services';
import { StateBadge } from '../ui/badge';
import { inputClass } from '../ui/field';
import { pick, pickKey, pickLabel, type TPickItem } from './picker-model';

function hrefOf(item: TPickItem): string | null {
  if (item.kind === 'service') return logsHref({ kind: 'service', service: item.service });
  if (item.kind === 'container')
    return logsHref({ kind: 'container', host: item.host, container: item.container });
  return null;
}

const KIND_WORD: Record<TPickItem['kind'], string> = {
  service: 'service',
  container: 'container',
  host: 'host',
};

/**
 * The way into a log: type a few letters of a service, host or container, move with the arrow keys,
 * Enter opens the stream. A host narrows the list to its containers.
 */
export function LogPicker() {
  const router = useRouter();
  const id = useId();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const services = useServices();
  const hosts = useHosts();
  const hostNames = (hosts.data ?? []).map((h) => h.name);
  const containerQueries = useQueries({
    queries: hostNames.map((h) => ({ ...containersQueryOptions(h), meta: { inlineErrors: true } })),
  });

  const items = useMemo(() => {
    const out: TPickItem[] = [];
    for (const s of services.data ?? [])
      out.push({ kind: 'service', service: s.name, detail: `on ${s.spec.hosts.join(', ')}` });
    (hosts.data ?? []).forEach((h, i) => {
      out.push({ kind: 'host', host: h.name, detail: h.status });
      for (const c of containerQueries[i]?.data ?? [])
        out.push({ kind: 'container', host: h.name, container: c.name, state: c.state, service: c.service });
    });
    return out;
  }, [services.data, hosts.data, containerQueries]);

  const results = useMemo(() => pick(items, query), [items, query]);
  const loading = services.isPending || hosts.isPending || containerQueries.some((q) => q.isPending);
  const failedHosts = hostNames.filter((_, i) => containerQueries[i]?.isError);

  const choose = (item: TPickItem | undefined) => {
    if (!item) return;
    const href = hrefOf(item);
    if (href) router.push(href);
    else {
      setQuery(`${item.kind === 'host' ? item.host : ''}/`);
      setActive(0);
    }
  };

  const listId = `${id}-list`;
  const activeItem = results[Math.min(active, results.length - 1)];
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        Open a log: type a service, host or container
      </label>
      <input
        id={id}
        // biome-ignore lint/a11y/noAutofocus: the picker is the page's one purpose
        autoFocus
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-activedescendant={activeItem ? `${id}-${pickKey(activeItem)}` : undefined}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setActive((a) => Math.min(a + 1, results.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(activeItem);
          } else if (e.key === 'Escape') setQuery('');
        }}
        placeholder="e.g. shop, ticker, fleet-a/"
        className={`${inputClass} py-2 text-base`}
        autoComplete="off"
        spellCheck={false}
        data-testid="log-picker"
      />
      {failedHosts.length ? (
        <p className="text-xs text-amber-800 dark:text-amber-300">
          Containers of {failedHosts.join(', ')} could not be listed: the host did not answer.
        </p>
      ) : null}
      <div
        id={listId}
        role="listbox"
        aria-label="Logs to open"
        className="max-h-[60vh] overflow-auto rounded-md border border-line bg-surface"
      >
        {results.length === 0 ? (
          <p className="px-3 py-2 text-sm text-muted">
            {loading ? 'Loading services and containers…' : 'Nothing matches.'}
          </p>
        ) : (
          results.map((item, i) => (
            <PickRow
              key={pickKey(item)}
              id={`${id}-${pickKey(item)}`}
              item={item}
              selected={item === activeItem}
              onHover={() => setActive(i)}
              onChoose={() => choose(item)}
            />
          ))
        )}
      </div>
    </div>
  );
}

function PickRow({
  id,
  item,
  selected,
  onHover,
  onChoose,
}: {
  id: string;
  item: TPickItem;
  selected: boolean;
  onHover: () => void;
  onChoose: () => void;
}) {
  const href = hrefOf(item);
  const body = (
    <>
      <span className="w-20 shrink-0 text-xs text-muted">{KIND_WORD[item.kind]}</span>
      <span className="truncate font-medium">{pickLabel(item)}</span>
      {item.kind === 'container' ? (
        <>
          <span className="text-xs text-muted">on {item.host}</span>
          <StateBadge state={item.state} />
          {item.service ? <span className="text-xs text-muted">service {item.service}</span> : null}
        </>
      ) : (
        <span className="truncate text-xs text-muted">
          {item.kind === 'host' ? `${item.detail} · Enter lists its containers` : item.detail}
        </span>
      )}
      {selected ? (
        <kbd className="ml-auto rounded border border-line px-1 text-[10px] text-muted">Enter</kbd>
      ) : null}
    </>
  );
  const cls = 'flex w-full items-center gap-2 px-3 py-1.5 text-left text-sm';
  return (
    <div
      id={id}
      role="option"
      tabIndex={-1}
      aria-selected={selected}
      onMouseEnter={onHover}
      className={selected ? 'bg-accent/15' : ''}
      data-testid="log-pick"
    >
      {href ? (
        <Link href={href} tabIndex={-1} className={cls}>
          {body}
        </Link>
      ) : (
        <button
          type="button"
          tabIndex={-1}
          onMouseDown={(e) => e.preventDefault()}
          onClick={onChoose}
          className={cls}
        >
          {body}
        </button>
      )}
    </div>
  );
}

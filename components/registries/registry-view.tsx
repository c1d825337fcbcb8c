'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { plural } from '@/lib/format';
import { useSlashFocus } from '@/lib/hooks/use-slash-focus';
import { isApiError } from '@/lib/queries/api';
import { repositoryHref, useRegistry, useRepositories } from '@/lib/queries/registries';
import { Button } from '../ui/button';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { SearchBox } from '../ui/filter-bar';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { Breadcrumbs } from './registry-parts';

const SEARCH_DEBOUNCE_MS = 250;

/** A registry's repositories, searched on the server and read a page at a time. */
export function RegistryView({ regRef }: { regRef: string }) {
  const { data: registry } = useRegistry(regRef);
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  useSlashFocus(searchRef);

  useEffect(() => {
    const t = setTimeout(() => setQ(query.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [query]);

  const repos = useRepositories(regRef, q);
  const items = repos.data?.pages.flatMap((p) => p.items) ?? [];
  const searching = repos.isFetching && !repos.isFetchingNextPage;
  const notFound = isApiError(repos.error) && repos.error.status === 404 && !repos.data;

  return (
    <>
      <Breadcrumbs
        items={[{ label: 'Registries', href: '/registries' }, { label: registry?.name ?? regRef }]}
      />
      <PageHeader
        title={registry?.name ?? regRef}
        subtitle={
          registry ? (
            <span className="font-mono text-xs break-all">
              {registry.url}
              {registry.username ? ` · signed in as ${registry.username}` : ' · anonymous'}
            </span>
          ) : null
        }
      />
      <section aria-label="Repositories" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-base font-semibold">Repositories</h2>
          {repos.data || query ? (
            <SearchBox
              id="repository-search"
              inputRef={searchRef}
              label="Search repositories"
              placeholder="Search repositories by name"
              value={query}
              onChange={setQuery}
              busy={searching && q !== ''}
            />
          ) : null}
          {repos.data ? (
            <p className="ml-auto text-xs text-muted" aria-live="polite">
              {plural(items.length, 'repository', 'repositories')}
              {repos.hasNextPage ? ' shown, more to load' : ''}
              {q ? ` matching “${q}”` : ''}
            </p>
          ) : null}
        </div>

        {repos.isPending ? (
          <LoadingBlock label="Asking the registry for its repositories…" rows={6} />
        ) : !repos.data ? (
          <ErrorPanel
            title={
              notFound
                ? `No registry named ${regRef}`
                : `The registry ${registry?.name ?? regRef} did not give its repositories`
            }
            error={repos.error}
            onRetry={notFound ? undefined : () => void repos.refetch()}
          >
            {notFound ? (
              <p className="mt-1">
                <Link href="/registries" className="underline">
                  See the configured registries
                </Link>
              </p>
            ) : null}
          </ErrorPanel>
        ) : items.length === 0 ? (
          q ? (
            <EmptyState
              title="No repository matches"
              action={<Button onClick={() => setQuery('')}>Clear the search</Button>}
            >
              Nothing in this registry's catalog matches “{q}”.
            </EmptyState>
          ) : (
            <EmptyState title="This registry has no repositories">
              Its catalog is empty, or the account Wharf signs in with may not list it. Push an image to see
              it here.
            </EmptyState>
          )
        ) : (
          <>
            {repos.error ? <ErrorPanel title="The list could not be refreshed" error={repos.error} /> : null}
            <ul
              aria-busy={searching || undefined}
              className={`divide-y divide-line overflow-hidden rounded-lg border border-line bg-surface transition-opacity ${searching ? 'opacity-60' : ''}`}
            >
              {items.map((repo) => (
                <li key={repo} className="min-w-0">
                  <Link
                    href={repositoryHref(regRef, repo)}
                    className="block truncate px-3 py-2 font-mono text-[13px] hover:bg-raised hover:text-accent"
                    title={repo}
                  >
                    {repo}
                  </Link>
                </li>
              ))}
            </ul>
            {repos.hasNextPage ? (
              <div>
                <Button onClick={() => void repos.fetchNextPage()} pending={repos.isFetchingNextPage}>
                  Load more repositories
                </Button>
              </div>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}

import Link from 'next/link';
import { Badge } from '../ui/badge';
import { PageHeader } from '../ui/page-header';

/** An honest page for an area that is planned but not built: what it will do, and no made-up data. */
export function Placeholder({
  title,
  summary,
  details,
}: {
  title: string;
  summary: string;
  details: string[];
}) {
  return (
    <div className="max-w-3xl">
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {title} <Badge tone="info">not built yet</Badge>
          </span>
        }
      />
      <div className="rounded-lg border border-line bg-surface p-5">
        <p className="text-sm">{summary}</p>
        <h2 className="mt-4 text-xs font-semibold tracking-wide text-muted uppercase">What it will do</h2>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-muted">
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
        <p className="mt-4 text-sm text-muted">
          This area is not built yet, so there is nothing to show here. The hosts and their containers are
          under{' '}
          <Link className="text-accent underline" href="/hosts">
            Hosts
          </Link>
          .
        </p>
      </div>
    </div>
  );
}

import Link from 'next/link';
import type { TFleetImages } from '@/lib/types/images';

/** Hosts and registries that did not answer, named in place; the rest of the page still shows. */
export function ReadProblems({
  hosts,
  registries,
}: {
  hosts: TFleetImages['hosts'];
  registries: TFleetImages['registries'];
}) {
  const badHosts = hosts.filter((h) => !h.ok);
  const badRegistries = registries.filter((r) => !r.ok);
  if (badHosts.length === 0 && badRegistries.length === 0) return null;
  return (
    <ul
      aria-label="Read errors"
      className="flex flex-col gap-1 rounded-lg border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/60 dark:text-red-200"
    >
      {badHosts.map((h) =>
        h.ok ? null : (
          <li key={h.host.id} className="break-words">
            <Link href={`/hosts/${encodeURIComponent(h.host.name)}`} className="font-medium underline">
              {h.host.name}
            </Link>
            : its images could not be read ({h.error.message}). Its column shows “?”.
          </li>
        ),
      )}
      {badRegistries.map((r) => (
        <li key={r.id} className="break-words">
          Registry <span className="font-medium">{r.name}</span> could not be asked
          {r.error ? ` (${r.error})` : ''}: its tags show no registry digest, so a tag that moved there is not
          detected until it answers.
        </li>
      ))}
    </ul>
  );
}

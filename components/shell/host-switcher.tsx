'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useHosts } from '@/lib/queries/hosts';

/** Jumps to a host's page; shows the host being looked at. */
export function HostSwitcher() {
  const { data: hosts, isPending } = useHosts();
  const router = useRouter();
  const pathname = usePathname();
  const match = /^\/hosts\/([^/]+)/.exec(pathname);
  const current = match?.[1] ? decodeURIComponent(match[1]) : '';
  const known = hosts?.some((h) => h.name === current) ?? false;

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="host-switcher" className="text-[11px] font-medium tracking-wide text-muted uppercase">
        Host
      </label>
      <select
        id="host-switcher"
        aria-label="Switch host"
        value={known ? current : ''}
        disabled={isPending || !hosts || hosts.length === 0}
        onChange={(event) => {
          if (event.target.value) router.push(`/hosts/${encodeURIComponent(event.target.value)}`);
        }}
        className="w-full rounded-md border border-line bg-bg px-2 py-1 text-sm"
      >
        <option value="">
          {isPending ? 'Loading hosts…' : hosts?.length ? 'Choose a host…' : 'No hosts yet'}
        </option>
        {hosts?.map((h) => (
          <option key={h.id} value={h.name}>
            {h.status === 'up' ? h.name : `${h.name} (${h.status})`}
          </option>
        ))}
      </select>
    </div>
  );
}

'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import type { TCurrentUser } from '@/lib/hooks/use-current-user';
import { HostSwitcher } from './host-switcher';
import { LiveIndicator } from './live-indicator';
import { isActive, NAV_ITEMS } from './nav-items';
import { UserBox } from './user-box';

export function Sidebar({ user }: { user: TCurrentUser }) {
  const pathname = usePathname();
  const items = NAV_ITEMS.filter((item) => !item.permission || can(user.role, item.permission));
  return (
    <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col border-r border-line bg-surface">
      <div className="flex items-center gap-2 px-4 pt-4 pb-3">
        <span
          aria-hidden="true"
          className="grid size-6 place-items-center rounded bg-accent text-xs font-bold text-accent-fg"
        >
          W
        </span>
        <Link href="/" className="text-base font-semibold tracking-tight">
          Wharf
        </Link>
      </div>
      <div className="flex flex-col gap-2 px-3 pb-3">
        <HostSwitcher />
        <LiveIndicator />
      </div>
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-2">
        <ul className="flex flex-col gap-px">
          {items.map((item) => {
            const active = isActive(pathname, item.href);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={active ? 'page' : undefined}
                  className={`flex items-center justify-between rounded-md px-2 py-1.5 text-sm ${
                    active ? 'bg-accent/15 font-medium text-fg' : 'text-muted hover:bg-raised hover:text-fg'
                  }`}
                >
                  {item.label}
                  {item.built ? null : (
                    <span className="text-[10px] tracking-wide text-muted/80 uppercase">soon</span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <UserBox user={user} />
    </aside>
  );
}

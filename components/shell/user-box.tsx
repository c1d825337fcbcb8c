'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import type { TCurrentUser } from '@/lib/hooks/use-current-user';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ThemeToggle } from './theme-toggle';

export function UserBox({ user }: { user: TCurrentUser }) {
  const [leaving, setLeaving] = useState(false);
  return (
    <div className="border-t border-line px-3 py-3">
      <div className="flex items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate text-sm font-medium" title={user.name}>
            {user.name}
          </p>
          <p className="text-xs text-muted">
            Role <Badge>{user.role}</Badge>
          </p>
        </div>
        <ThemeToggle />
      </div>
      <Button
        size="sm"
        className="mt-2 w-full"
        pending={leaving}
        onClick={() => {
          setLeaving(true);
          void signOut({ callbackUrl: '/signin' });
        }}
      >
        Sign out
      </Button>
    </div>
  );
}

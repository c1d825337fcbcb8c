'use client';

import { useCurrentUser } from '@/lib/hooks/use-current-user';
import { useMe } from '@/lib/queries/me';
import { Badge } from '../ui/badge';
import { Section } from '../ui/page-header';

/** Who you are signed in as, and what your role lets you do, from the server's own table. */
export function AccountSection() {
  const user = useCurrentUser();
  const { data: me } = useMe();
  return (
    <Section title="Your account">
      <p className="text-sm">
        Signed in as <strong>{user.name}</strong> with the role <Badge>{user.role}</Badge>.
      </p>
      {me ? (
        <details className="mt-2 text-sm">
          <summary className="cursor-pointer text-muted">
            What your role may do ({me.permissions.length} permissions)
          </summary>
          <ul className="mt-2 flex flex-wrap gap-1">
            {me.permissions.map((p) => (
              <li key={p}>
                <Badge>{p}</Badge>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </Section>
  );
}

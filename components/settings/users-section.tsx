'use client';

import { useState } from 'react';
import { ROLES, type Role } from '@/lib/auth/permissions';
import { formatDate } from '@/lib/format';
import { useCurrentUser } from '@/lib/hooks/use-current-user';
import { type TUser, useUpdateUser, useUsers } from '@/lib/queries/users';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { ConfirmDialog } from '../ui/dialog';
import { ErrorPanel } from '../ui/error-panel';
import { Section } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { TableFrame, TableHead, tableClass, tdClass } from '../ui/table';
import { toast } from '../ui/toast';
import { CreateUserForm } from './create-user-form';
import { ResetPasswordDialog } from './reset-password-dialog';

/** Admins manage users: create, change role, disable or enable, reset a password. */
export function UsersSection() {
  const me = useCurrentUser();
  const { data: users, error, isPending, refetch } = useUsers();
  const update = useUpdateUser();
  const [resetting, setResetting] = useState<TUser | null>(null);
  const [toggling, setToggling] = useState<TUser | null>(null);

  const changeRole = (user: TUser, role: Role) =>
    update.mutate(
      { id: user.id, input: { role } },
      { onSuccess: () => toast.success(`${user.username} is now ${role}`) },
    );

  return (
    <Section title="Users">
      <div className="flex flex-col gap-4">
        <CreateUserForm />
        {isPending ? (
          <LoadingBlock label="Loading users…" rows={3} />
        ) : !users ? (
          <ErrorPanel title="The users could not be read" error={error} onRetry={() => void refetch()} />
        ) : (
          <TableFrame>
            <table className={tableClass} aria-label="Users">
              <TableHead columns={['User name', 'Role', 'Sign-in', 'State', 'Created']} actions />
              <tbody>
                {users.map((u) => {
                  const self = u.id === me.id;
                  return (
                    <tr key={u.id} className={u.disabled ? 'text-muted' : ''}>
                      <td className={`${tdClass} max-w-48 truncate font-medium`} title={u.username}>
                        {u.username}
                        {self ? <span className="ml-1 text-xs font-normal text-muted">(you)</span> : null}
                      </td>
                      <td className={tdClass}>
                        <select
                          aria-label={`Role of ${u.username}`}
                          value={u.role}
                          disabled={update.isPending || self}
                          title={self ? 'Another admin can change your role' : undefined}
                          onChange={(e) => changeRole(u, e.target.value as Role)}
                          className="rounded border border-line bg-bg px-1 py-0.5 text-xs"
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {r}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className={tdClass}>{u.source === 'oidc' ? 'single sign-on' : 'password'}</td>
                      <td className={tdClass}>
                        <Badge tone={u.disabled ? 'bad' : 'ok'}>{u.disabled ? 'disabled' : 'active'}</Badge>
                      </td>
                      <td className={tdClass}>{formatDate(u.createdAt)}</td>
                      <td className={`${tdClass} whitespace-nowrap text-right`}>
                        {u.source === 'local' ? (
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-label={`Reset password of ${u.username}`}
                            onClick={() => setResetting(u)}
                          >
                            Reset password
                          </Button>
                        ) : null}
                        {self ? null : (
                          <Button
                            size="sm"
                            variant="ghost"
                            aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.username}`}
                            onClick={() => setToggling(u)}
                          >
                            {u.disabled ? 'Enable' : 'Disable'}
                          </Button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableFrame>
        )}
      </div>
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      <ConfirmDialog
        open={toggling !== null}
        danger={!toggling?.disabled}
        title={toggling ? `${toggling.disabled ? 'Enable' : 'Disable'} ${toggling.username}?` : ''}
        description={
          toggling?.disabled
            ? 'They can sign in again, and their API tokens work again.'
            : 'They are signed out on their next request and cannot sign in; their API tokens stop working.'
        }
        onCancel={() => setToggling(null)}
        onConfirm={() => {
          const u = toggling;
          setToggling(null);
          if (!u) return;
          update.mutate(
            { id: u.id, input: { disabled: !u.disabled } },
            { onSuccess: () => toast.success(`${u.username} ${u.disabled ? 'enabled' : 'disabled'}`) },
          );
        }}
      />
    </Section>
  );
}

'use client';

import { type FormEvent, useState } from 'react';
import { type TUser, useUpdateUser } from '@/lib/queries/users';
import { ZPassword } from '@/lib/schemas/users';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormError, TextField } from '../ui/field';
import { toast } from '../ui/toast';

export function ResetPasswordDialog({ user, onClose }: { user: TUser | null; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const update = useUpdateUser();

  const close = () => {
    setPassword('');
    setError(null);
    update.reset();
    onClose();
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!user) return;
    const parsed = ZPassword.safeParse(password);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'not a valid password');
      return;
    }
    setError(null);
    update.mutate(
      { id: user.id, input: { password: parsed.data } },
      {
        onSuccess: () => {
          toast.success(`Password of ${user.username} reset`);
          close();
        },
      },
    );
  }

  return (
    <Dialog
      open={user !== null}
      onClose={close}
      title={`Reset the password of ${user?.username ?? ''}`}
      description="They sign in with the new password from now on. Their sessions and tokens keep working."
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error ?? undefined}
          hint="At least 10 characters."
          autoFocus
        />
        <FormError message={update.error?.message} />
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" pending={update.isPending}>
            Save password
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

'use client';

import { type FormEvent, useState } from 'react';
import { ROLES, type Role } from '@/lib/auth/permissions';
import { useCreateUser } from '@/lib/queries/users';
import { ZCreateUser } from '@/lib/schemas/users';
import { Button } from '../ui/button';
import { FormError, SelectField, TextField } from '../ui/field';
import { toast } from '../ui/toast';

type Errors = Partial<Record<'username' | 'password' | 'role', string>>;

export function CreateUserForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [errors, setErrors] = useState<Errors>({});
  const create = useCreateUser();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZCreateUser.safeParse({ username, password, role });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'username' || field === 'password' || field === 'role') found[field] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (user) => {
        toast.success(`User ${user.username} created as ${user.role}`);
        setUsername('');
        setPassword('');
        setRole('viewer');
      },
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create user" className="flex flex-col gap-2">
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-start">
        <TextField
          label="User name"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={errors.username}
          autoComplete="off"
        />
        <TextField
          label="Password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
          autoComplete="new-password"
          hint="At least 10 characters."
        />
        <SelectField
          label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          error={errors.role}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="primary" pending={create.isPending} className="sm:mt-5">
          Create user
        </Button>
      </div>
      <FormError message={create.error ? `Not created: ${create.error.message}` : null} />
    </form>
  );
}

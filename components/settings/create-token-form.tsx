'use client';

import { type FormEvent, useState } from 'react';
import { ROLES, type Role, roleRank } from '@/lib/auth/permissions';
import { type TCreatedToken, useCreateToken } from '@/lib/queries/tokens';
import { ZCreateToken } from '@/lib/schemas/users';
import { Button } from '../ui/button';
import { FormError, SelectField, TextField } from '../ui/field';

type Errors = Partial<Record<'name' | 'role' | 'expiresInDays', string>>;

/** A token's role can be the user's own or lower; higher roles are not offered (and the server refuses them). */
export function CreateTokenForm({
  ownRole,
  onCreated,
}: {
  ownRole: Role;
  onCreated: (t: TCreatedToken) => void;
}) {
  const allowed = ROLES.filter((r) => roleRank(r) <= roleRank(ownRole));
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(allowed[0] ?? 'viewer');
  const [days, setDays] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const create = useCreateToken();

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZCreateToken.safeParse({
      name,
      role,
      expiresInDays: days.trim() ? Number(days) : undefined,
    });
    if (!parsed.success) {
      const found: Errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'name' || field === 'role' || field === 'expiresInDays') found[field] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    create.mutate(parsed.data, {
      onSuccess: (created) => {
        setName('');
        setDays('');
        onCreated(created);
      },
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create API token" className="flex flex-col gap-2">
      <div className="grid gap-3 sm:grid-cols-[1fr_10rem_10rem_auto] sm:items-start">
        <TextField
          label="Token name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
          placeholder="ci-deploy"
        />
        <SelectField
          label="Token role"
          value={role}
          onChange={(e) => setRole(e.target.value as Role)}
          error={errors.role}
        >
          {allowed.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Expires in days"
          type="number"
          min={1}
          max={3650}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={errors.expiresInDays}
          placeholder="never"
        />
        <Button type="submit" variant="primary" pending={create.isPending} className="sm:mt-5">
          Create token
        </Button>
      </div>
      <FormError message={create.error ? `Not created: ${create.error.message}` : null} />
    </form>
  );
}

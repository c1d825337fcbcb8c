'use client';

import { useCan } from '@/lib/hooks/use-current-user';
import { PageHeader } from '../ui/page-header';
import { AccountSection } from './account-section';
import { TokensSection } from './tokens-section';
import { UsersSection } from './users-section';

export function SettingsView() {
  const canManageUsers = useCan('users.manage');
  return (
    <div className="flex max-w-6xl flex-col gap-4">
      <PageHeader title="Settings" />
      <AccountSection />
      <TokensSection />
      {canManageUsers ? <UsersSection /> : null}
    </div>
  );
}

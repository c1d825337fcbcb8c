import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditView } from '@/components/audit/audit-view';
import { EmptyState } from '@/components/ui/empty-state';
import { LoadingBlock } from '@/components/ui/skeleton';
import { can } from '@/lib/auth/permissions';
import { getCurrentUser } from '../current-user';

export const metadata: Metadata = { title: 'Audit' };

export default async function AuditPage() {
  const user = await getCurrentUser();
  if (!user || !can(user.role, 'audit.read')) {
    return (
      <EmptyState title="The audit log is for leads and admins">
        Your role ({user?.role ?? 'none'}) may not read the audit log. Ask an admin if you need it.
      </EmptyState>
    );
  }
  return (
    <Suspense fallback={<LoadingBlock label="Loading the audit log…" />}>
      <AuditView />
    </Suspense>
  );
}

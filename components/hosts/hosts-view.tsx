'use client';

import { useRouter } from 'next/navigation';
import { useCan } from '@/lib/hooks/use-current-user';
import { useManageDialogs } from '@/lib/hooks/use-manage-dialogs';
import { useDeleteHost, useHosts } from '@/lib/queries/hosts';
import type { THostSummary } from '@/lib/types/fleet';
import { Button } from '../ui/button';
import { ConfirmDialog, Dialog } from '../ui/dialog';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { toast } from '../ui/toast';
import { HostForm } from './host-form';
import { HostsTable } from './hosts-table';

export function HostsView({ openAdd = false }: { openAdd?: boolean }) {
  const { data: hosts, error, isPending, refetch } = useHosts();
  const canManage = useCan('hosts.manage');
  const router = useRouter();
  const { editing, edited, startAdd, closeEditor, onEdit, removing, onRemove, cancelRemove, confirmRemove } =
    useManageDialogs<THostSummary>(canManage && openAdd ? { mode: 'add' } : null);
  const remove = useDeleteHost();

  const close = () => {
    closeEditor();
    if (openAdd) router.replace('/hosts');
  };

  const addButton = canManage ? (
    <Button variant="primary" onClick={startAdd}>
      Add host
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Hosts"
        subtitle="Docker engines Wharf talks to. Each answers within its own deadline; a dead host never blocks the rest."
        actions={addButton}
      />
      {isPending ? (
        <LoadingBlock label="Loading hosts…" />
      ) : error && !hosts ? (
        <ErrorPanel title="The hosts could not be read" error={error} onRetry={() => void refetch()} />
      ) : hosts.length === 0 ? (
        <EmptyState title="No hosts yet" action={addButton}>
          {canManage
            ? 'Add a Docker engine: a tcp:// URL with its CA certificate, client certificate and key, or a unix:// socket on this machine.'
            : 'Ask an admin to register a Docker engine.'}
        </EmptyState>
      ) : (
        <HostsTable hosts={hosts} canManage={canManage} onEdit={onEdit} onRemove={onRemove} />
      )}

      <Dialog
        open={editing !== null}
        onClose={close}
        size="lg"
        title={edited ? `Edit host ${edited.name}` : 'Add host'}
        description={
          edited
            ? 'Changing the URL, deadline or certificates tests the connection again before saving.'
            : 'Wharf connects to the engine before saving; if it cannot, nothing is saved.'
        }
      >
        {editing ? (
          <HostForm key={edited?.id ?? 'add'} host={edited} onSaved={close} onCancel={close} />
        ) : null}
      </Dialog>

      <ConfirmDialog
        open={removing !== null}
        danger
        title={`Remove host ${removing?.name ?? ''}?`}
        description={
          <>
            Wharf forgets this host and its TLS material. <strong>The Docker engine is not touched</strong>:
            its containers, images and volumes keep running as they are.
          </>
        }
        onCancel={cancelRemove}
        onConfirm={() =>
          confirmRemove((host) =>
            remove.mutate(host.name, {
              onSuccess: () => toast.success(`Host ${host.name} removed from Wharf`),
            }),
          )
        }
      />
    </>
  );
}

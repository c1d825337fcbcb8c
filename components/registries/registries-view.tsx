'use client';

import { useCan } from '@/lib/hooks/use-current-user';
import { useManageDialogs } from '@/lib/hooks/use-manage-dialogs';
import { useDeleteRegistry, useRegistries } from '@/lib/queries/registries';
import type { TRegistry } from '@/lib/types/registries';
import { Button } from '../ui/button';
import { ConfirmDialog, Dialog } from '../ui/dialog';
import { EmptyState } from '../ui/empty-state';
import { ErrorPanel } from '../ui/error-panel';
import { PageHeader } from '../ui/page-header';
import { LoadingBlock } from '../ui/skeleton';
import { toast } from '../ui/toast';
import { RegistriesTable } from './registries-table';
import { RegistryForm } from './registry-form';

export function RegistriesView() {
  const { data: registries, error, isPending, refetch } = useRegistries();
  const canManage = useCan('registries.manage');
  const { editing, edited, startAdd, closeEditor, onEdit, removing, onRemove, cancelRemove, confirmRemove } =
    useManageDialogs<TRegistry>();
  const remove = useDeleteRegistry();

  const addButton = canManage ? (
    <Button variant="primary" onClick={startAdd}>
      Add registry
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Registries"
        subtitle={
          <>
            Private Docker registries (HTTP API v2) that Wharf reads catalogs, tags and manifests from. Wharf
            talks only to the registries listed here.
            {canManage ? null : ' Only admins can add, edit or delete them.'}
          </>
        }
        actions={addButton}
      />
      {isPending ? (
        <LoadingBlock label="Loading registries…" rows={3} />
      ) : error && !registries ? (
        <ErrorPanel title="The registries could not be read" error={error} onRetry={() => void refetch()} />
      ) : registries.length === 0 ? (
        <EmptyState title="No registries yet" action={addButton}>
          {canManage
            ? 'Add a registry by its URL, with a username and a password or token if it needs them. Wharf signs in before saving and keeps the password encrypted; only admins can add, edit or delete registries.'
            : 'Only admins can add a registry: ask one to add it with its URL and credentials, and its repositories and tags appear here.'}
        </EmptyState>
      ) : (
        <RegistriesTable registries={registries} canManage={canManage} onEdit={onEdit} onRemove={onRemove} />
      )}

      <Dialog
        open={editing !== null}
        onClose={closeEditor}
        size="lg"
        title={edited ? `Edit registry ${edited.name}` : 'Add registry'}
        description={
          edited
            ? 'Changing the URL or the credentials signs in to the registry again before saving.'
            : 'Wharf signs in to the registry before saving; if it cannot, nothing is saved.'
        }
      >
        {editing ? (
          <RegistryForm
            key={edited?.id ?? 'add'}
            registry={edited}
            onSaved={closeEditor}
            onCancel={closeEditor}
          />
        ) : null}
      </Dialog>

      <ConfirmDialog
        open={removing !== null}
        danger
        title={`Delete registry ${removing?.name ?? ''}?`}
        description={
          <>
            Wharf forgets this registry and its stored credentials.{' '}
            <strong>The registry itself is not touched</strong>: its repositories and tags stay as they are,
            and hosts can still pull from it.
          </>
        }
        onCancel={cancelRemove}
        onConfirm={() =>
          confirmRemove((registry) =>
            remove.mutate(registry.id, {
              onSuccess: () => toast.success(`Registry ${registry.name} deleted from Wharf`),
            }),
          )
        }
      />
    </>
  );
}

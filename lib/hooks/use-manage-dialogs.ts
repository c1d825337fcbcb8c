'use client';

import { useCallback, useState } from 'react';

export type Editing<T> = { mode: 'add' } | { mode: 'edit'; item: T } | null;

/**
 * The state of a managed list's dialogs: the add or edit form that is open, and the item whose
 * removal waits for a confirmation. `onEdit` and `onRemove` keep their identity, so memoised rows
 * that receive them do not re-render.
 */
export function useManageDialogs<T>(initial: Editing<T> = null) {
  const [editing, setEditing] = useState<Editing<T>>(initial);
  const [removing, setRemoving] = useState<T | null>(null);
  const onEdit = useCallback((item: T) => setEditing({ mode: 'edit', item }), []);
  const onRemove = useCallback((item: T) => setRemoving(item), []);
  return {
    editing,
    /** The item being edited, or undefined while adding. */
    edited: editing?.mode === 'edit' ? editing.item : undefined,
    startAdd: () => setEditing({ mode: 'add' }),
    closeEditor: () => setEditing(null),
    onEdit,
    removing,
    onRemove,
    cancelRemove: () => setRemoving(null),
    /** Closes the confirmation and hands the item to `remove`. */
    confirmRemove: (remove: (item: T) => void) => {
      const item = removing;
      setRemoving(null);
      if (item) remove(item);
    },
  };
}

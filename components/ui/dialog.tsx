'use client';

import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Button } from './button';

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  /** Wider dialogs hold forms; confirmations stay narrow. */
  size?: 'sm' | 'lg';
};

/**
 * A modal on the native <dialog>: focus moves in and is kept there, Escape closes, the page behind
 * is inert, and the accessible name is the title.
 */
export function Dialog({ open, onClose, title, description, children, size = 'sm' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={`m-auto max-h-[90vh] w-full overflow-y-auto rounded-lg border border-line bg-surface p-0 text-fg shadow-2xl ${size === 'lg' ? 'max-w-2xl' : 'max-w-md'}`}
    >
      {open ? (
        <div className="p-5">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          {description ? (
            <div id={descriptionId} className="mt-2 text-sm text-muted">
              {description}
            </div>
          ) : null}
          {children ? <div className="mt-4">{children}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  description: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
  danger?: boolean;
  confirmLabel?: string;
};

/** Asks before an action. The confirm button is named "Confirm" everywhere, so it is easy to find. */
export function ConfirmDialog({
  open,
  title,
  description,
  onConfirm,
  onCancel,
  danger = false,
  confirmLabel = 'Confirm',
}: ConfirmDialogProps) {
  return (
    <Dialog open={open} onClose={onCancel} title={title} description={description}>
      <div className="flex justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm} autoFocus>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}

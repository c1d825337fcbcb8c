'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { shortId } from '@/lib/format';
import { isApiError } from '@/lib/queries/api';
import { useRemoveImage } from '@/lib/queries/images';
import type { TImageDetail } from '@/lib/types/images';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormError } from '../ui/field';
import { toast } from '../ui/toast';

const WHOLE = '';

function Refusal({ hostRef, image, message }: { hostRef: string; image: TImageDetail; message: string }) {
  return (
    <div className="flex flex-col gap-2" data-testid="remove-refused">
      <FormError message={`Refused: ${message}`} />
      {image.containers.length > 0 ? (
        <ul aria-label="Containers using the image" className="flex flex-col gap-1 text-sm">
          {image.containers.map((c) => (
            <li key={c.id}>
              <Link
                href={`/hosts/${encodeURIComponent(hostRef)}/containers/${encodeURIComponent(c.name)}`}
                className="font-medium underline"
              >
                {c.name}
              </Link>{' '}
              <span className="text-muted">({c.state})</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="text-xs text-muted">
        Remove those containers, or re-create them on another image, first.
      </p>
    </div>
  );
}

/** Removes an image, or one of its tags, from one host after a confirmation; a refusal names the containers. */
export function RemoveImage({ hostRef, image }: { hostRef: string; image: TImageDetail }) {
  const [open, setOpen] = useState(false);
  const [tag, setTag] = useState(WHOLE);
  const remove = useRemoveImage(hostRef);
  const router = useRouter();
  const name = image.repoTags[0] ?? shortId(image.id);
  const conflict = isApiError(remove.error) && remove.error.status === 409;
  const several = image.repoTags.length > 1;

  const close = () => {
    setOpen(false);
    remove.reset();
  };
  const confirm = () =>
    remove.mutate(
      { id: image.id, tag: tag || undefined },
      {
        onSuccess: () => {
          setOpen(false);
          if (tag) {
            toast.success(`Removed the tag ${tag} from ${hostRef}; the image stays with its other tags`);
            return;
          }
          toast.success(`Removed ${name} from ${hostRef}`);
          router.push(`/hosts/${encodeURIComponent(hostRef)}?tab=images`);
        },
      },
    );

  return (
    <>
      <Button variant="danger" onClick={() => setOpen(true)}>
        Remove
      </Button>
      <Dialog
        open={open}
        onClose={close}
        size={several ? 'lg' : 'sm'}
        title={`Remove ${name} from ${hostRef}?`}
        description="Only this host is touched; other hosts keep their copies. A removed image can be pulled again while the registry has it."
      >
        <div className="flex flex-col gap-3">
          {several && !conflict ? (
            <fieldset className="flex flex-col gap-1 text-sm">
              <legend className="mb-1 text-xs font-medium text-muted">What goes</legend>
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name="remove-what"
                  checked={tag === WHOLE}
                  onChange={() => setTag(WHOLE)}
                />
                The image with all its {image.repoTags.length} tags
              </label>
              {image.repoTags.map((t) => (
                <label key={t} className="flex min-w-0 items-center gap-2">
                  <input type="radio" name="remove-what" checked={tag === t} onChange={() => setTag(t)} />
                  <span className="min-w-0 truncate" title={t}>
                    Only the tag <code className="font-mono text-xs">{t}</code>
                  </span>
                </label>
              ))}
            </fieldset>
          ) : null}
          {image.containers.length > 0 && !conflict && !tag ? (
            <p className="text-sm text-amber-800 dark:text-amber-300">
              {image.containers.length === 1
                ? 'A container uses'
                : `${image.containers.length} containers use`}{' '}
              this image, so the removal will be refused while they exist.
            </p>
          ) : null}
          {conflict && remove.error ? (
            <Refusal hostRef={hostRef} image={image} message={remove.error.message} />
          ) : remove.error ? (
            <FormError message={remove.error.message} />
          ) : null}
          <div className="flex justify-end gap-2">
            <Button onClick={close}>{conflict ? 'Close' : 'Cancel'}</Button>
            {conflict ? null : (
              <Button variant="danger" pending={remove.isPending} onClick={confirm}>
                Confirm
              </Button>
            )}
          </div>
        </div>
      </Dialog>
    </>
  );
}

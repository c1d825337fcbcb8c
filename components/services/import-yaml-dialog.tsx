'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { serviceHref } from '@/lib/queries/services';
import { Button } from '../ui/button';
import { Dialog } from '../ui/dialog';
import { FormFooter } from '../ui/field';
import { toast } from '../ui/toast';
import { useSaveYaml, YamlBox } from './yaml-box';

/** Paste or open a service's YAML; it creates the service, or updates the one of that name. */
export function ImportYamlButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Import YAML</Button>
      {open ? <ImportYamlDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function ImportYamlDialog({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const [text, setText] = useState('');
  const yaml = useSaveYaml();
  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title="Import a service from YAML"
      description="Creates the service the YAML names, or updates it if it exists. The same checks as the form apply."
    >
      <form
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          yaml.save(text, ({ service, created }) => {
            toast.success(`Service ${service.name} ${created ? 'created' : 'updated'} from YAML`);
            onClose();
            router.push(serviceHref(service.name));
          });
        }}
      >
        <YamlBox
          label="Service spec (YAML)"
          text={text}
          rows={16}
          onText={(t) => {
            setText(t);
            yaml.setErrors({});
          }}
          invalid={Object.keys(yaml.errors).length > 0}
        />
        {yaml.list}
        <FormFooter pending={yaml.pending} pendingText="Importing…" submitLabel="Import" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

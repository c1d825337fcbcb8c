'use client';

import { useRouter } from 'next/navigation';
import { serviceHref, serviceYamlHref } from '@/lib/queries/services';
import type { TServiceSpecInput } from '@/lib/schemas/services';
import { SECRET_MASK } from '@/lib/types/releases';
import { Button, buttonClass } from '../ui/button';
import { FormErrors, FormFooter } from '../ui/field';
import { toast } from '../ui/toast';
import { useSaveYaml, YamlBox } from './yaml-box';

/** The spec as YAML: edit it as text, save it through the import endpoint, or take it back to the form. */
export function YamlTab({
  name,
  text,
  onText,
  onLoadIntoForm,
  onCancel,
}: {
  name?: string;
  text: string;
  onText: (text: string) => void;
  onLoadIntoForm: (spec: TServiceSpecInput) => void;
  onCancel: () => void;
}) {
  const router = useRouter();
  const yaml = useSaveYaml(name);
  return (
    <form
      id="spec-panel-yaml"
      role="tabpanel"
      aria-labelledby="spec-tab-yaml"
      noValidate
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        yaml.save(text, ({ service, created }) => {
          toast.success(`Service ${service.name} ${created ? 'created' : 'saved'} from YAML`);
          router.push(serviceHref(service.name));
        });
      }}
    >
      <p className="text-sm text-muted">
        The same fields as the form, as they would live in Git beside the Dockerfile. Secret values show as{' '}
        <code className="font-mono">{SECRET_MASK}</code>: leave the mask to keep a saved value, or write a new
        one.
      </p>
      <YamlBox
        label="Service spec (YAML)"
        text={text}
        onText={(t) => {
          onText(t);
          yaml.setErrors({});
        }}
        invalid={Object.keys(yaml.errors).length > 0}
      />
      <FormErrors reveal={Object.keys(yaml.errors).length > 0 ? yaml.errors : null}>{yaml.list}</FormErrors>
      <div className="flex flex-wrap items-center gap-2">
        <Button
          size="sm"
          onClick={() => {
            const spec = yaml.parseForForm(text);
            if (spec) onLoadIntoForm(spec);
          }}
        >
          Back to the form with these values
        </Button>
        {name ? (
          <a href={serviceYamlHref(name)} download={`${name}.yaml`} className={buttonClass('ghost', 'sm')}>
            Download the saved YAML
          </a>
        ) : null}
      </div>
      <FormFooter
        pending={yaml.pending}
        pendingText="Importing the YAML…"
        submitLabel={name ? 'Save YAML' : 'Create from YAML'}
        onCancel={onCancel}
      />
    </form>
  );
}

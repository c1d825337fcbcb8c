'use client';

import type { ReactNode } from 'react';
import { useHosts } from '@/lib/queries/hosts';
import { useServices } from '@/lib/queries/services';
import { SelectField, TextAreaField, TextField } from '../ui/field';
import { errorAt, HC_TYPES, RESTARTS, type ServiceFormValues, type SpecErrors } from './service-form-model';
import { HostChecks, NameChecks } from './spec-checks';
import { EnvRows, PortRows, SecretRows, VolumeRows } from './spec-rows';

export type FieldEditor = <K extends keyof ServiceFormValues>(
  field: K,
  path: string,
) => (value: ServiceFormValues[K]) => void;

function Group({ title, hint, children }: { title: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-line bg-surface px-4 pt-2 pb-4">
      <legend className="px-1 text-sm font-semibold">{title}</legend>
      {hint ? <p className="mb-2 text-xs text-muted">{hint}</p> : null}
      <div className="flex flex-col gap-3">{children}</div>
    </fieldset>
  );
}

function Check({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="checkbox"
        className="mt-1"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>
        {label}
        {hint ? <span className="block text-xs text-muted">{hint}</span> : null}
      </span>
    </label>
  );
}

/**
 * Every field of a service spec. `set(field, path)` changes a value and clears the errors the schema
 * gave for that path; the errors come from the shared schema in the browser or from the server.
 */
export function ServiceFormFields({
  values: v,
  errors,
  set,
  isNew,
  isAdmin,
}: {
  values: ServiceFormValues;
  errors: SpecErrors;
  set: FieldEditor;
  isNew: boolean;
  isAdmin: boolean;
}) {
  const hosts = useHosts();
  const services = useServices();
  const e = (path: string) => errorAt(errors, path);
  return (
    <div className="flex flex-col gap-4">
      <Group title="Service">
        <div className="grid gap-3 md:grid-cols-2">
          <TextField
            label="Name"
            value={v.name}
            onChange={(ev) => set('name', 'name')(ev.target.value)}
            error={e('name')}
            placeholder="shop"
            disabled={!isNew}
            hint={isNew ? 'Letters, digits and _ . -; kept once saved.' : 'A service keeps its name.'}
            spellCheck={false}
            autoComplete="off"
            autoFocus={isNew}
          />
          <TextField
            label="Image repository"
            value={v.image}
            onChange={(ev) => set('image', 'image')(ev.target.value)}
            error={e('image')}
            placeholder="registry.example.com/acme/shop"
            hint="Without a tag: each release picks the tag or digest."
            spellCheck={false}
            autoComplete="off"
          />
          <TextField
            label="Container name"
            value={v.containerName}
            onChange={(ev) => set('containerName', 'containerName')(ev.target.value)}
            error={e('containerName')}
            placeholder={v.name || 'the service name'}
            hint="The container's name on each host; the service name when empty."
            spellCheck={false}
          />
          <TextAreaField
            label="Command"
            rows={2}
            value={v.command}
            onChange={(ev) => set('command', 'command')(ev.target.value)}
            error={e('command')}
            placeholder="the image's default"
            hint="One argument per line."
            spellCheck={false}
          />
        </div>
        <Check
          label="Releases need a lead's approval"
          checked={v.requiresApproval}
          onChange={set('requiresApproval', 'requiresApproval')}
          hint="A lead other than the requester approves each release, bound to its exact digest and config."
        />
      </Group>

      <Group
        title="Hosts"
        hint="A release goes to one host at a time, in the order they are ticked; a failure on one rolls back the hosts before it."
      >
        <HostChecks
          hosts={hosts.data ?? []}
          loading={hosts.isPending}
          error={hosts.error}
          selected={v.hosts}
          onChange={set('hosts', 'hosts')}
        />
        {e('hosts') ? <p className="text-xs text-red-700 dark:text-red-400">{e('hosts')}</p> : null}
      </Group>

      <Group title="Environment" hint="Plain values are shown to everyone who can read the service.">
        <EnvRows rows={v.env} errors={errors} onChange={set('env', 'env')} />
      </Group>
      <Group
        title="Secrets"
        hint="Encrypted at rest and masked everywhere, including exports and release diffs."
      >
        <SecretRows rows={v.secretEnv} errors={errors} onChange={set('secretEnv', 'secretEnv')} />
      </Group>

      <Group title="Ports">
        <PortRows rows={v.ports} errors={errors} onChange={set('ports', 'ports')} />
      </Group>
      <Group title="Volumes" hint="Named volumes; each is created on a host when missing.">
        <VolumeRows rows={v.volumes} errors={errors} onChange={set('volumes', 'volumes')} />
      </Group>

      <Group title="Health check" hint="A release is kept only if this passes before the deadline.">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <SelectField
            label="Type"
            value={v.hcType}
            onChange={(ev) => set('hcType', 'healthcheck.type')(ev.target.value)}
            error={e('healthcheck.type')}
          >
            {HC_TYPES.map((t) => (
              <option key={t} value={t}>
                {t === 'docker' ? 'docker (image)' : t === 'http' ? 'http (GET)' : 'tcp (connect)'}
              </option>
            ))}
          </SelectField>
          {v.hcType === 'http' ? (
            <TextField
              label="Path"
              value={v.hcPath}
              onChange={(ev) => set('hcPath', 'healthcheck.path')(ev.target.value)}
              error={e('healthcheck.path')}
              placeholder="/health"
              spellCheck={false}
            />
          ) : null}
          {v.hcType !== 'docker' ? (
            <TextField
              label="Container port"
              inputMode="numeric"
              value={v.hcPort}
              onChange={(ev) => set('hcPort', 'healthcheck.port')(ev.target.value)}
              error={e('healthcheck.port')}
              placeholder="8080"
            />
          ) : null}
          <TextField
            label="Start period (s)"
            inputMode="numeric"
            value={v.hcStart}
            onChange={(ev) => set('hcStart', 'healthcheck.startPeriodSeconds')(ev.target.value)}
            error={e('healthcheck.startPeriodSeconds')}
          />
          <TextField
            label="Deadline (s)"
            inputMode="numeric"
            value={v.hcDeadline}
            onChange={(ev) => set('hcDeadline', 'healthcheck.deadlineSeconds')(ev.target.value)}
            error={e('healthcheck.deadlineSeconds')}
          />
        </div>
      </Group>

      <Group title="Runtime">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <TextField
            label="Network"
            value={v.network}
            onChange={(ev) => set('network', 'network')(ev.target.value)}
            error={e('network')}
            hint="bridge, host, none or a network name"
            spellCheck={false}
          />
          <TextField
            label="More networks"
            value={v.networks}
            onChange={(ev) => set('networks', 'networks')(ev.target.value)}
            error={e('networks')}
            hint="Separated by commas."
            spellCheck={false}
          />
          <SelectField
            label="Restart policy"
            value={v.restartPolicy}
            onChange={(ev) => set('restartPolicy', 'restartPolicy')(ev.target.value)}
            error={e('restartPolicy')}
          >
            {RESTARTS.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </SelectField>
          <div className="grid grid-cols-2 gap-2">
            <TextField
              label="Memory (MiB)"
              inputMode="numeric"
              value={v.memoryMb}
              onChange={(ev) => set('memoryMb', 'resources.memoryMb')(ev.target.value)}
              error={e('resources.memoryMb')}
              placeholder="no limit"
            />
            <TextField
              label="CPUs"
              inputMode="decimal"
              value={v.cpus}
              onChange={(ev) => set('cpus', 'resources.cpus')(ev.target.value)}
              error={e('resources.cpus')}
              placeholder="no limit"
            />
          </div>
        </div>
        <TextAreaField
          label="Labels"
          rows={2}
          value={v.labels}
          onChange={(ev) => set('labels', 'labels')(ev.target.value)}
          error={e('labels')}
          placeholder="team=payments"
          hint="key=value, one per line. wharf.* labels are set by Wharf."
          spellCheck={false}
        />
      </Group>

      <Group
        title="Depends on"
        hint="Services that must be healthy on a host before this one is released there."
      >
        <NameChecks
          names={(services.data ?? []).map((s) => s.name).filter((n) => n !== v.name)}
          selected={v.dependsOn}
          onChange={set('dependsOn', 'dependsOn')}
          empty="No other services yet."
        />
        {e('dependsOn') ? <p className="text-xs text-red-700 dark:text-red-400">{e('dependsOn')}</p> : null}
      </Group>

      {isAdmin ? (
        <Group
          title="Admin only"
          hint="Powers over the host itself. Only an admin may ask for these, on create and on every edit."
        >
          <div className="flex flex-wrap gap-6">
            <Check
              label="Privileged mode"
              checked={v.privileged}
              onChange={set('privileged', 'privileged')}
            />
            <Check label="Host PID namespace" checked={v.hostPid} onChange={set('hostPid', 'pidMode')} />
          </div>
          <div className="grid gap-3 md:grid-cols-3">
            <TextField
              label="Added capabilities"
              value={v.capAdd}
              onChange={(ev) => set('capAdd', 'capAdd')(ev.target.value)}
              error={e('capAdd')}
              placeholder="NET_ADMIN, SYS_TIME"
              spellCheck={false}
            />
            <TextAreaField
              label="Devices"
              rows={2}
              value={v.devices}
              onChange={(ev) => set('devices', 'devices')(ev.target.value)}
              error={e('devices')}
              placeholder="/dev/fuse"
              hint="One per line."
              spellCheck={false}
            />
            <TextAreaField
              label="Bind mounts of host paths"
              rows={2}
              value={v.binds}
              onChange={(ev) => set('binds', 'binds')(ev.target.value)}
              error={e('binds')}
              placeholder="/srv/shop:/data:ro"
              hint="source:target or source:target:ro, one per line."
              spellCheck={false}
            />
          </div>
        </Group>
      ) : null}
    </div>
  );
}

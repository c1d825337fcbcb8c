import { describe, expect, it } from 'vitest';
import { SECRET_MASK } from '@/lib/types/releases';
import {
  checkSpec,
  clearErrors,
  errorAt,
  serverSpecErrors,
  specFromValues,
  specFromYaml,
  specToYaml,
  valuesFromSpec,
} from './service-form-model';

const saved = {
  name: 'shop',
  hosts: ['fleet-a'],
  image: '127.0.0.1:5055/acme/shop',
  env: { LOG_LEVEL: 'info' },
  secretEnv: { DB_PASSWORD: SECRET_MASK },
  ports: [{ host: 18150, container: 8080, proto: 'tcp' as const, hostIp: '' }],
  volumes: [
    { name: 'shop-data', target: '/data', backup: true, readOnly: false, driverOpts: { type: 'tmpfs' } },
  ],
  healthcheck: {
    type: 'http' as const,
    path: '/health',
    port: 8080,
    startPeriodSeconds: 5,
    deadlineSeconds: 60,
  },
  requiresApproval: true,
  labels: { team: 'payments' },
};

describe('the service form', () => {
  it('gives back the spec it was loaded from, secrets still masked and driver options kept', () => {
    const spec = specFromValues(valuesFromSpec(saved, true));
    const { spec: parsed, errors } = checkSpec(spec);
    expect(errors).toEqual({});
    expect(parsed).toMatchObject(saved);
    expect(parsed?.secretEnv.DB_PASSWORD).toBe(SECRET_MASK);
  });

  it('keys client errors by the schema path', () => {
    const values = valuesFromSpec(saved, true);
    values.ports[0] = { ...values.ports[0]!, host: 'eighty' };
    expect(errorAt(checkSpec(specFromValues(values)).errors, 'ports.0')).toMatch(/port number/);
    const other = valuesFromSpec(saved, true);
    other.hcPort = '9090';
    expect(checkSpec(specFromValues(other)).errors['healthcheck.port']).toMatch(/not a published tcp/);
  });

  it('leaves out an empty env row and keeps an env row without a name for the schema to refuse', () => {
    const values = valuesFromSpec(saved, true);
    values.env.push({ id: 'x', key: '', value: '' }, { id: 'y', key: '1BAD', value: 'v' });
    const { errors } = checkSpec(specFromValues(values));
    expect(Object.keys(errors)).toEqual(['env.1BAD']);
  });
});

describe('serverSpecErrors', () => {
  it('places each part of a validation message at its path', () => {
    expect(
      serverSpecErrors('invalid body: ports.0.host: host is a port number; name: a name is required'),
    ).toEqual({ 'ports.0.host': 'host is a port number', name: 'a name is required' });
  });
  it('places a path the server names outside validation, and keeps the rest for the form', () => {
    expect(
      serverSpecErrors(`secretEnv.TOKEN: give the value; ${SECRET_MASK} keeps a saved value only`),
    ).toEqual({
      'secretEnv.TOKEN': 'give the value',
      form: `${SECRET_MASK} keeps a saved value only`,
    });
    expect(serverSpecErrors('a service named shop exists already')).toEqual({
      name: 'a service named shop exists already',
    });
    expect(serverSpecErrors('only an admin may ask for privileged mode')).toEqual({
      form: 'only an admin may ask for privileged mode',
    });
  });
  it('clears a field’s errors and the form’s once edited', () => {
    expect(clearErrors({ 'ports.0.host': 'x', 'ports.1': 'y', name: 'z', form: 'f' }, 'ports.0')).toEqual({
      'ports.1': 'y',
      name: 'z',
    });
  });
});

describe('YAML', () => {
  it('round-trips a spec', () => {
    expect(specFromYaml(specToYaml(saved)).spec).toEqual(saved);
  });
  it('names a syntax error', () => {
    expect(specFromYaml('name: [shop').error).toMatch(/does not parse/);
    expect(specFromYaml('- a').error).toMatch(/mapping/);
  });
});

import { describe, expect, it } from 'vitest';
import type { THost } from '@/lib/types/fleet';
import {
  createPayload,
  type HostFormValues,
  initialValues,
  isTcpUrl,
  updatePayload,
} from './host-form-model';

const pem = (kind: string) => `-----BEGIN ${kind}-----\nMIIB\n-----END ${kind}-----`;
const CA = pem('CERTIFICATE');
const CERT = pem('CERTIFICATE');
const KEY = pem('PRIVATE KEY');

const tlsHost: THost = {
  id: 'abcdefghij0123456789',
  name: 'edge-1',
  url: 'tcp://10.0.0.5:2376',
  transport: 'tls',
  labels: { env: 'prod', zone: 'a' },
  timeoutMs: 5000,
  tls: { ca: null, cert: null },
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
};

const blank = (over: Partial<HostFormValues> = {}): HostFormValues => ({ ...initialValues(), ...over });
const edit = (over: Partial<HostFormValues> = {}): HostFormValues => ({ ...initialValues(tlsHost), ...over });

describe('initialValues', () => {
  it('is empty for a new host', () => {
    expect(initialValues()).toEqual({
      name: '',
      url: '',
      labels: '',
      timeoutMs: '',
      ca: '',
      cert: '',
      key: '',
    });
  });

  it('shows a stored host with its labels a line each and without its TLS material', () => {
    expect(initialValues(tlsHost)).toEqual({
      name: 'edge-1',
      url: 'tcp://10.0.0.5:2376',
      labels: 'env=prod\nzone=a',
      timeoutMs: '5000',
      ca: '',
      cert: '',
      key: '',
    });
  });
});

describe('isTcpUrl', () => {
  it('recognises tcp:// in any case and with spaces around', () => {
    expect(isTcpUrl('  TCP://h:2376 ')).toBe(true);
    expect(isTcpUrl('unix:///var/run/docker.sock')).toBe(false);
    expect(isTcpUrl('http://h:2376')).toBe(false);
  });
});

describe('createPayload', () => {
  it('builds a unix host with labels and a deadline', () => {
    const { payload, errors } = createPayload(
      blank({
        name: ' local ',
        url: 'unix:///var/run/docker.sock',
        labels: 'env = dev\n# a comment\n\nteam=core',
        timeoutMs: ' 3000 ',
      }),
    );
    expect(errors).toEqual({});
    expect(payload).toEqual({
      name: 'local',
      url: 'unix:///var/run/docker.sock',
      labels: { env: 'dev', team: 'core' },
      timeoutMs: 3000,
    });
  });

  it('sends TLS material for a tcp:// host and leaves out empty labels', () => {
    const { payload } = createPayload(
      blank({ name: 'edge', url: 'tcp://h:2376', ca: CA, cert: CERT, key: KEY }),
    );
    expect(payload).toEqual({ name: 'edge', url: 'tcp://h:2376', tls: { ca: CA, cert: CERT, key: KEY } });
  });

  it('ignores PEM fields left over when the URL is a unix socket', () => {
    const { payload } = createPayload(blank({ name: 'local', url: 'unix:///run/docker.sock', ca: CA }));
    expect(payload).toEqual({ name: 'local', url: 'unix:///run/docker.sock' });
  });

  it('puts a missing or bad PEM file under its own field', () => {
    const { payload, errors } = createPayload(
      blank({ name: 'edge', url: 'tcp://h:2376', ca: CA, cert: 'not pem', key: '' }),
    );
    expect(payload).toBeUndefined();
    expect(errors).toEqual({
      cert: 'the client certificate is not PEM text (-----BEGIN ...-----)',
      key: 'the client key is required',
    });
  });

  it('puts name and URL problems under their fields', () => {
    const { errors } = createPayload(blank({ name: '', url: 'ssh://h' }));
    expect(errors.name).toBe('a name is required');
    expect(errors.url).toMatch(/^ssh:\/\/ hosts are not supported yet/);
  });

  it('names the line of a malformed label and the key of a refused one', () => {
    expect(createPayload(blank({ name: 'h', url: 'unix:///s.sock', labels: 'ok=1\nbroken' })).errors).toEqual(
      {
        labels: 'line 2: write labels as key=value',
      },
    );
    const refused = createPayload(blank({ name: 'h', url: 'unix:///s.sock', labels: '_bad=1' }));
    expect(refused.payload).toBeUndefined();
    expect(Object.keys(refused.errors)).toEqual(['labels']);
    expect(refused.errors.labels).toMatch(/^_bad: /);
  });

  it('refuses a deadline that is not a whole number, in its own words', () => {
    for (const timeoutMs of ['1.5', 'soon']) {
      expect(createPayload(blank({ name: 'h', url: 'unix:///s.sock', timeoutMs })).errors).toEqual({
        timeoutMs: 'the deadline is a whole number of milliseconds',
      });
    }
    expect(createPayload(blank({ name: 'h', url: 'unix:///s.sock', timeoutMs: '100' })).errors).toEqual({
      timeoutMs: 'the deadline is at least 500 ms',
    });
  });
});

describe('updatePayload', () => {
  it('says nothing has changed when the form is as loaded, keeping the stored TLS material', () => {
    expect(updatePayload(tlsHost, edit())).toEqual({ errors: { form: 'Nothing has changed.' } });
    expect(updatePayload(tlsHost, edit({ name: ' edge-1 ', url: ' tcp://10.0.0.5:2376 ' }))).toEqual({
      errors: { form: 'Nothing has changed.' },
    });
  });

  it('sends only what changed', () => {
    expect(updatePayload(tlsHost, edit({ name: 'edge-2', timeoutMs: '8000' })).payload).toEqual({
      name: 'edge-2',
      timeoutMs: 8000,
    });
    expect(updatePayload(tlsHost, edit({ labels: 'env=prod\nzone=b' })).payload).toEqual({
      labels: { env: 'prod', zone: 'b' },
    });
  });

  it('clears every label when the field is emptied', () => {
    expect(updatePayload(tlsHost, edit({ labels: '' })).payload).toEqual({ labels: {} });
  });

  it('replaces the TLS material when new PEM text is given', () => {
    expect(updatePayload(tlsHost, edit({ ca: CA, cert: CERT, key: KEY })).payload).toEqual({
      tls: { ca: CA, cert: CERT, key: KEY },
    });
  });

  it('drops the TLS material when the host moves to a unix socket', () => {
    expect(updatePayload(tlsHost, edit({ url: 'unix:///var/run/docker.sock' })).payload).toEqual({
      url: 'unix:///var/run/docker.sock',
      tls: null,
    });
    const plain = { ...tlsHost, url: 'unix:///var/run/docker.sock', transport: 'unix' as const, tls: null };
    expect(updatePayload(plain, { ...initialValues(plain), url: 'unix:///other.sock' }).payload).toEqual({
      url: 'unix:///other.sock',
    });
  });

  it('refuses part of a TLS set and says which part is missing', () => {
    const { payload, errors } = updatePayload(tlsHost, edit({ ca: CA }));
    expect(payload).toBeUndefined();
    expect(errors).toEqual({ cert: 'the client certificate is required', key: 'the client key is required' });
  });

  it('reports label and deadline problems', () => {
    expect(updatePayload(tlsHost, edit({ labels: '=x', timeoutMs: 'x' })).errors).toEqual({
      labels: 'line 1: write labels as key=value',
      timeoutMs: 'the deadline is a whole number of milliseconds',
    });
  });
});

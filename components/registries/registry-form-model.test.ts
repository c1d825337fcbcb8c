import { describe, expect, it } from 'vitest';
import type { TRegistry } from '@/lib/types/registries';
import {
  createPayload,
  initialValues,
  type RegistryFormValues,
  SEE_FIELD,
  serverErrors,
  splitTokenHosts,
  updatePayload,
} from './registry-form-model';

const registry: TRegistry = {
  id: 'abcdefghij0123456789',
  name: 'harbor',
  url: 'https://registry.example.com',
  username: 'ci',
  hasPassword: true,
  tokenHosts: ['auth.example.com', 'sso.example.com:8443'],
  timeoutMs: 5000,
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
};

const blank = (over: Partial<RegistryFormValues> = {}): RegistryFormValues => ({
  ...initialValues(),
  ...over,
});
const edit = (over: Partial<RegistryFormValues> = {}): RegistryFormValues => ({
  ...initialValues(registry),
  ...over,
});

describe('initialValues', () => {
  it('is empty for a new registry', () => {
    expect(initialValues()).toEqual({
      name: '',
      url: '',
      username: '',
      password: '',
      clearPassword: false,
      tokenHosts: '',
      timeoutMs: '',
    });
  });

  it('shows a stored registry without its password, one token host a line', () => {
    expect(initialValues(registry)).toEqual({
      name: 'harbor',
      url: 'https://registry.example.com',
      username: 'ci',
      password: '',
      clearPassword: false,
      tokenHosts: 'auth.example.com\nsso.example.com:8443',
      timeoutMs: '5000',
    });
  });
});

describe('splitTokenHosts', () => {
  it('splits on lines, commas and spaces and drops empties and repeats', () => {
    expect(splitTokenHosts(' a.example.com,b.example.com\n\n c.example.com  a.example.com ,, ')).toEqual([
      'a.example.com',
      'b.example.com',
      'c.example.com',
    ]);
    expect(splitTokenHosts('  \n ')).toEqual([]);
  });
});

describe('createPayload', () => {
  it('builds the body the server takes, normalised by the shared schema', () => {
    const { payload, errors } = createPayload(
      blank({
        name: ' harbor ',
        url: 'https://Registry.Example.com/',
        username: ' ci ',
        password: 's3cret',
        tokenHosts: 'Auth.example.com, b.example.com',
        timeoutMs: ' 2500 ',
      }),
    );
    expect(errors).toEqual({});
    expect(payload).toEqual({
      name: 'harbor',
      url: 'https://registry.example.com',
      username: 'ci',
      password: 's3cret',
      tokenHosts: ['auth.example.com', 'b.example.com'],
      timeoutMs: 2500,
    });
  });

  it('leaves out what was not filled in', () => {
    const { payload } = createPayload(blank({ name: 'hub', url: 'http://127.0.0.1:5055', username: '  ' }));
    expect(payload).toEqual({ name: 'hub', url: 'http://127.0.0.1:5055' });
  });

  it('puts each schema problem under its field, an indexed token host under tokenHosts', () => {
    const { payload, errors } = createPayload(
      blank({ name: '', url: 'ftp://x', tokenHosts: 'ok.example.com https://bad/' }),
    );
    expect(payload).toBeUndefined();
    expect(errors.name).toBe('a name is required');
    expect(errors.url).toMatch(/^unsupported scheme ftp:/);
    expect(errors.tokenHosts).toMatch(/token host is HOST or HOST:PORT/);
    expect(errors.form).toBeUndefined();
  });

  it('refuses a deadline that is not a whole number, and one out of range', () => {
    expect(createPayload(blank({ name: 'r', url: 'https://r.example.com', timeoutMs: '1.5' }))).toEqual({
      errors: { timeoutMs: 'a whole number of milliseconds' },
    });
    expect(
      createPayload(blank({ name: 'r', url: 'https://r.example.com', timeoutMs: 'soon' })).errors,
    ).toEqual({
      timeoutMs: 'a whole number of milliseconds',
    });
    expect(
      createPayload(blank({ name: 'r', url: 'https://r.example.com', timeoutMs: '100' })).errors,
    ).toEqual({
      timeoutMs: 'the deadline is at least 500 ms',
    });
  });

  it('needs a username with a password', () => {
    const { payload, errors } = createPayload(
      blank({ name: 'r', url: 'https://r.example.com', password: 'p' }),
    );
    expect(payload).toBeUndefined();
    expect(errors).toEqual({ username: 'a password needs a username' });
  });
});

describe('updatePayload', () => {
  it('says nothing has changed when the form is as loaded', () => {
    expect(updatePayload(registry, edit())).toEqual({ errors: { form: 'Nothing has changed.' } });
  });

  it('sends only what changed, normalised', () => {
    const { payload, errors } = updatePayload(
      registry,
      edit({ url: 'https://Mirror.example.com/', timeoutMs: '9000', tokenHosts: 'auth.example.com' }),
    );
    expect(errors).toEqual({});
    expect(payload).toEqual({
      url: 'https://mirror.example.com',
      tokenHosts: ['auth.example.com'],
      timeoutMs: 9000,
    });
  });

  it('treats the same token hosts typed differently, and surrounding spaces, as no change', () => {
    const values = edit({
      url: ' https://registry.example.com ',
      username: ' ci ',
      tokenHosts: 'auth.example.com, sso.example.com:8443 auth.example.com',
    });
    expect(updatePayload(registry, values)).toEqual({ errors: { form: 'Nothing has changed.' } });
  });

  it('keeps the stored password when the field is left empty and sends a new one when typed', () => {
    expect(updatePayload(registry, edit({ timeoutMs: '6000' })).payload).toEqual({ timeoutMs: 6000 });
    expect(updatePayload(registry, edit({ password: 'new' })).payload).toEqual({ password: 'new' });
  });

  it('clears the stored password only when there is one', () => {
    expect(updatePayload(registry, edit({ clearPassword: true })).payload).toEqual({ password: null });
    const none = { ...registry, hasPassword: false };
    expect(updatePayload(none, { ...initialValues(none), clearPassword: true })).toEqual({
      errors: { form: 'Nothing has changed.' },
    });
  });

  it('clears the username together with the password', () => {
    expect(updatePayload(registry, edit({ username: ' ', clearPassword: true })).payload).toEqual({
      username: null,
      password: null,
    });
  });

  it('refuses to drop the username while a password is kept or typed', () => {
    expect(updatePayload(registry, edit({ username: '' }))).toEqual({
      errors: { username: 'a password needs a username' },
    });
    const none = { ...registry, username: null, hasPassword: false };
    expect(updatePayload(none, { ...initialValues(none), password: 'p' })).toEqual({
      errors: { username: 'a password needs a username' },
    });
  });

  it('ignores an empty deadline and refuses a bad one', () => {
    expect(updatePayload(registry, edit({ timeoutMs: '' }))).toEqual({
      errors: { form: 'Nothing has changed.' },
    });
    expect(updatePayload(registry, edit({ timeoutMs: '2.5' })).errors).toEqual({
      timeoutMs: 'a whole number of milliseconds',
    });
    expect(updatePayload(registry, edit({ timeoutMs: '70000' })).errors).toEqual({
      timeoutMs: 'the deadline is at most 60000 ms',
    });
  });

  it('puts a bad URL under url', () => {
    const { payload, errors } = updatePayload(registry, edit({ url: 'https://user:pw@r.example.com' }));
    expect(payload).toBeUndefined();
    expect(errors).toEqual({ url: 'put the credentials in username and password, not in the URL' });
  });
});

describe('serverErrors', () => {
  it('spreads a validation refusal over the fields it names, nested paths under their head', () => {
    expect(
      serverErrors({
        code: 'BAD_INPUT',
        message: 'invalid body: url: not a URL; tokenHosts.1: a token host is HOST or HOST:PORT; url: second',
      }),
    ).toEqual({
      url: 'not a URL',
      tokenHosts: 'a token host is HOST or HOST:PORT',
      form: SEE_FIELD,
    });
  });

  it('keeps a validation part that names no field at the foot of the form', () => {
    expect(
      serverErrors({
        code: 'BAD_INPUT',
        message: 'invalid body: Unrecognized key: "extra"; name: a name is required',
      }),
    ).toEqual({ name: 'a name is required', form: 'Not saved: Unrecognized key: "extra"' });
    expect(serverErrors({ message: 'invalid input: clearPassword: no' })).toEqual({
      form: 'Not saved: clearPassword: no',
    });
  });

  it('puts a name already taken beside the name, as the server words it', () => {
    expect(serverErrors({ code: 'CONFLICT', message: 'a registry named harbor already exists' })).toEqual({
      name: 'a registry named harbor already exists',
      form: SEE_FIELD,
    });
    // Only a conflict is about the name: the same words in another refusal are not.
    expect(serverErrors({ code: 'UPSTREAM', message: 'the name harbor is odd' }).name).toBeUndefined();
  });

  it('puts refused credentials beside the password', () => {
    for (const message of [
      'registry answered 401 Unauthorized',
      'the registry refused the credentials',
      'GET /v2/: 403',
      'the username is unknown',
    ]) {
      expect(serverErrors({ code: 'UPSTREAM', message })).toEqual({ password: message, form: SEE_FIELD });
    }
  });

  it('puts token host and connection problems beside their fields', () => {
    expect(
      serverErrors({ message: 'the realm auth.x is not among the token hosts' }).tokenHosts,
    ).toBeDefined();
    for (const message of [
      'connect ECONNREFUSED 127.0.0.1:5055',
      'getaddrinfo ENOTFOUND registry.invalid',
      'could not resolve registry.invalid',
    ]) {
      expect(serverErrors({ message })).toEqual({ url: message, form: SEE_FIELD });
    }
  });

  it('keeps anything else at the foot of the form and always says nothing was saved', () => {
    expect(serverErrors({ code: 'INTERNAL', message: 'disk full' })).toEqual({
      form: 'Not saved: disk full',
    });
  });
});

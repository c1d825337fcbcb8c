import type { z } from 'zod';
import {
  type TCreateRegistry,
  type TUpdateRegistry,
  ZCreateRegistry,
  ZUpdateRegistry,
} from '@/lib/schemas/registries';
import type { TRegistry } from '@/lib/types/registries';

export type RegistryFormValues = {
  name: string;
  url: string;
  username: string;
  /** Write-only: empty on edit means "keep the stored one". */
  password: string;
  /** Set on edit to forget the stored password or token. */
  clearPassword: boolean;
  tokenHosts: string;
  timeoutMs: string;
};

export type RegistryFormField = Exclude<keyof RegistryFormValues, 'clearPassword'> | 'form';
export type RegistryFormErrors = Partial<Record<RegistryFormField, string>>;

const FIELDS: readonly RegistryFormField[] = [
  'name',
  'url',
  'username',
  'password',
  'tokenHosts',
  'timeoutMs',
];

function asField(key: unknown): RegistryFormField {
  return FIELDS.find((f) => f === key) ?? 'form';
}

export function initialValues(registry?: TRegistry): RegistryFormValues {
  return {
    name: registry?.name ?? '',
    url: registry?.url ?? '',
    username: registry?.username ?? '',
    password: '',
    clearPassword: false,
    tokenHosts: registry ? registry.tokenHosts.join('\n') : '',
    timeoutMs: registry ? String(registry.timeoutMs) : '',
  };
}

/** Token hosts as typed: one per line, or separated by commas or spaces. */
export function splitTokenHosts(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((h) => h.trim())
        .filter(Boolean),
    ),
  ];
}

/** Maps the shared schema's issues onto the form's fields: `tokenHosts.1` → tokenHosts. */
function fieldErrors(error: z.ZodError): RegistryFormErrors {
  const errors: RegistryFormErrors = {};
  for (const issue of error.issues) errors[asField(issue.path[0])] ??= issue.message;
  return errors;
}

function timeoutOf(values: RegistryFormValues): { timeoutMs?: number; error?: string } {
  const text = values.timeoutMs.trim();
  if (!text) return {};
  const timeoutMs = Number(text);
  return Number.isInteger(timeoutMs) ? { timeoutMs } : { error: 'a whole number of milliseconds' };
}

/** The body of POST /api/v1/registries, checked with the schema the server uses. */
export function createPayload(values: RegistryFormValues): {
  payload?: TCreateRegistry;
  errors: RegistryFormErrors;
} {
  const timeout = timeoutOf(values);
  const tokenHosts = splitTokenHosts(values.tokenHosts);
  const parsed = ZCreateRegistry.safeParse({
    name: values.name,
    url: values.url,
    username: values.username.trim() || undefined,
    password: values.password || undefined,
    tokenHosts: tokenHosts.length > 0 ? tokenHosts : undefined,
    timeoutMs: timeout.timeoutMs,
  });
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  if (timeout.error) errors.timeoutMs = timeout.error;
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  return { payload: parsed.data, errors: {} };
}

/**
 * The body of PATCH /api/v1/registries/{reg}: only what changed. An empty password keeps the stored
 * one; the name is fixed once saved.
 */
export function updatePayload(
  registry: TRegistry,
  values: RegistryFormValues,
): { payload?: TUpdateRegistry; errors: RegistryFormErrors } {
  const timeout = timeoutOf(values);
  const draft: Record<string, unknown> = {};
  if (values.url.trim() !== registry.url) draft.url = values.url;
  const username = values.username.trim() || null;
  if (username !== registry.username) draft.username = username;
  if (values.password) draft.password = values.password;
  else if (values.clearPassword && registry.hasPassword) draft.password = null;
  const tokenHosts = splitTokenHosts(values.tokenHosts);
  if (tokenHosts.join('\n') !== registry.tokenHosts.join('\n')) draft.tokenHosts = tokenHosts;
  if (timeout.timeoutMs !== undefined && timeout.timeoutMs !== registry.timeoutMs)
    draft.timeoutMs = timeout.timeoutMs;

  const errors: RegistryFormErrors = {};
  const parsed = ZUpdateRegistry.safeParse(draft);
  if (!parsed.success) Object.assign(errors, fieldErrors(parsed.error));
  if (timeout.error) errors.timeoutMs = timeout.error;
  const keepsPassword = registry.hasPassword && !values.clearPassword;
  if (username === null && (values.password || keepsPassword))
    errors.username ??= 'a password needs a username';
  if (!parsed.success || Object.keys(errors).length > 0) return { errors };
  if (Object.keys(parsed.data).length === 0) return { errors: { form: 'Nothing has changed.' } };
  return { payload: parsed.data, errors: {} };
}

export const SEE_FIELD = 'Not saved: see the field marked above.';

/** Which field a refusal from the registry is about, from the words of the server's message. */
function fieldOfMessage(code: string | undefined, message: string): RegistryFormField {
  // The store words it `a registry named X already exists`.
  if (code === 'CONFLICT' && /\bnamed?\b/i.test(message)) return 'name';
  if (/token hosts?\b/i.test(message)) return 'tokenHosts';
  if (/credential|unauthori[sz]ed|password|username|\b40[13]\b/i.test(message)) return 'password';
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|connection refused|not resolve|no such host/i.test(message))
    return 'url';
  return 'form';
}

/**
 * Places the server's refusal beside the field it is about: validation errors read
 * `invalid body: url: ...; name: ...`, a name already taken is a conflict, refused credentials belong
 * to the password. What fits no field stays at the foot of the form, which always says nothing was saved.
 */
export function serverErrors(error: { message: string; code?: string }): RegistryFormErrors {
  const errors: RegistryFormErrors = {};
  const validation = /^invalid (?:body|input): (.*)$/s.exec(error.message);
  const parts = validation?.[1] ? validation[1].split('; ') : null;
  if (parts) {
    for (const part of parts) {
      const match = /^([A-Za-z]+)(?:\.[\w.]+)?: (.*)$/s.exec(part);
      const field = asField(match?.[1]);
      if (match?.[2] && field !== 'form') errors[field] ??= match[2];
      else errors.form = `Not saved: ${part}`;
    }
  } else {
    const field = fieldOfMessage(error.code, error.message);
    if (field === 'form') errors.form = `Not saved: ${error.message}`;
    else errors[field] = error.message;
  }
  errors.form ??= SEE_FIELD;
  return errors;
}

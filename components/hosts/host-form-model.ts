import type { z } from 'zod';
import { labelLines, parseLabelLines } from '@/lib/format';
import { type TCreateHost, type TUpdateHost, ZCreateHost, ZUpdateHost } from '@/lib/schemas/hosts';
import type { THost } from '@/lib/types/fleet';

export type HostFormValues = {
  name: string;
  url: string;
  labels: string;
  timeoutMs: string;
  ca: string;
  cert: string;
  key: string;
};

export type HostFormField = keyof HostFormValues | 'form';
export type HostFormErrors = Partial<Record<HostFormField, string>>;

export function initialValues(host?: THost): HostFormValues {
  return {
    name: host?.name ?? '',
    url: host?.url ?? '',
    labels: host ? labelLines(host.labels) : '',
    timeoutMs: host ? String(host.timeoutMs) : '',
    ca: '',
    cert: '',
    key: '',
  };
}

export function isTcpUrl(url: string): boolean {
  return url.trim().toLowerCase().startsWith('tcp://');
}

/** Maps zod issues onto the form's fields: `tls.ca` → ca, `labels.x` → labels. */
function fieldErrors(error: z.ZodError): HostFormErrors {
  const errors: HostFormErrors = {};
  for (const issue of error.issues) {
    const [head, sub] = issue.path;
    let field: HostFormField = 'form';
    if (head === 'tls') field = sub === 'ca' || sub === 'cert' || sub === 'key' ? sub : 'ca';
    else if (head === 'name' || head === 'url' || head === 'labels' || head === 'timeoutMs') field = head;
    const message = head === 'labels' && typeof sub === 'string' ? `${sub}: ${issue.message}` : issue.message;
    errors[field] ??= message;
  }
  return errors;
}

type Common = { labels?: Record<string, string>; timeoutMs?: number; errors: HostFormErrors };

function common(values: HostFormValues): Common {
  const errors: HostFormErrors = {};
  const parsed = parseLabelLines(values.labels);
  if (parsed.errors[0]) errors.labels = parsed.errors[0];
  let timeoutMs: number | undefined;
  if (values.timeoutMs.trim()) {
    timeoutMs = Number(values.timeoutMs.trim());
    if (!Number.isInteger(timeoutMs)) errors.timeoutMs = 'the deadline is a whole number of milliseconds';
  }
  return { labels: parsed.labels, timeoutMs, errors };
}

function tlsFrom(values: HostFormValues) {
  const any = values.ca.trim() || values.cert.trim() || values.key.trim();
  return isTcpUrl(values.url) && any ? { ca: values.ca, cert: values.cert, key: values.key } : undefined;
}

/** The body of POST /api/v1/hosts, checked with the same schema the server uses. */
export function createPayload(values: HostFormValues): { payload?: TCreateHost; errors: HostFormErrors } {
  const { labels, timeoutMs, errors } = common(values);
  const draft = {
    name: values.name,
    url: values.url,
    tls: tlsFrom(values),
    labels: labels && Object.keys(labels).length > 0 ? labels : undefined,
    timeoutMs,
  };
  const parsed = ZCreateHost.safeParse(draft);
  const all = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...errors };
  if (!parsed.success || Object.keys(all).length > 0) return { errors: all };
  return { payload: parsed.data, errors: {} };
}

/** The body of PATCH /api/v1/hosts/{host}: only what changed. Empty PEM fields keep the current TLS material. */
export function updatePayload(
  host: THost,
  values: HostFormValues,
): { payload?: TUpdateHost; errors: HostFormErrors } {
  const { labels, timeoutMs, errors } = common(values);
  const draft: Record<string, unknown> = {};
  if (values.name.trim() !== host.name) draft.name = values.name;
  if (values.url.trim() !== host.url) draft.url = values.url;
  if (labels && JSON.stringify(labels) !== JSON.stringify(host.labels)) draft.labels = labels;
  if (timeoutMs !== undefined && timeoutMs !== host.timeoutMs) draft.timeoutMs = timeoutMs;
  const tls = tlsFrom(values);
  if (tls) draft.tls = tls;
  else if (host.tls && !isTcpUrl(values.url)) draft.tls = null;
  const parsed = ZUpdateHost.safeParse(draft);
  const all = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...errors };
  if (!parsed.success || Object.keys(all).length > 0) return { errors: all };
  if (Object.keys(parsed.data).length === 0) return { errors: { form: 'Nothing has changed.' } };
  return { payload: parsed.data, errors: {} };
}

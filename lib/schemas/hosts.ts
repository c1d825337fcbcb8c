import { z } from 'zod';
import { ZLabels, zResourceName } from './common';

export const ZHostName = zResourceName('host');

const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----[\s\S]+?-----END [A-Z0-9 ]+-----/;
const ZPem = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `the ${what} is required`)
    .max(64 * 1024, `the ${what} is too large for a PEM file`)
    .refine((v) => PEM_BLOCK.test(v), `the ${what} is not PEM text (-----BEGIN ...-----)`);

export const ZHostTls = z.strictObject({
  ca: ZPem('CA certificate'),
  cert: ZPem('client certificate'),
  key: ZPem('client key'),
});

export const HOST_URL_HELP = 'use tcp://HOST:PORT (with TLS material) or unix:///path/to/docker.sock';

export const ZHostUrl = z
  .string()
  .trim()
  .min(1, 'a URL is required')
  .max(512)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `not a URL: ${HOST_URL_HELP}` });
      return;
    }
    if (url.protocol === 'ssh:') {
      ctx.addIssue({ code: 'custom', message: `ssh:// hosts are not supported yet: ${HOST_URL_HELP}` });
    } else if (url.protocol === 'tcp:') {
      if (!url.hostname || !url.port)
        ctx.addIssue({ code: 'custom', message: 'a tcp:// URL needs a host and a port' });
      if (url.pathname && url.pathname !== '/' && url.pathname !== '')
        ctx.addIssue({ code: 'custom', message: 'a tcp:// URL has no path' });
      if (url.username || url.password || url.search || url.hash)
        ctx.addIssue({ code: 'custom', message: 'a tcp:// URL has no user, query or fragment' });
    } else if (url.protocol === 'unix:') {
      if (!url.pathname.startsWith('/') || url.pathname.length < 2 || url.host)
        ctx.addIssue({ code: 'custom', message: 'a unix:// URL is unix:///absolute/path/to/docker.sock' });
    } else {
      ctx.addIssue({ code: 'custom', message: `unsupported scheme ${url.protocol}: ${HOST_URL_HELP}` });
    }
  });

export const ZHostTimeout = z
  .number()
  .int()
  .min(500, 'the deadline is at least 500 ms')
  .max(60_000, 'the deadline is at most 60000 ms');

export const ZCreateHost = z
  .strictObject({
    name: ZHostName,
    url: ZHostUrl,
    tls: ZHostTls.optional(),
    labels: ZLabels.optional(),
    timeoutMs: ZHostTimeout.optional(),
  })
  .superRefine((host, ctx) => {
    if (host.url.startsWith('unix:') && host.tls)
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'a unix socket takes no TLS material' });
  });
export type TCreateHost = z.infer<typeof ZCreateHost>;

export const ZUpdateHost = z.strictObject({
  name: ZHostName.optional(),
  url: ZHostUrl.optional(),
  tls: ZHostTls.nullable().optional(),
  labels: ZLabels.optional(),
  timeoutMs: ZHostTimeout.optional(),
});
export type TUpdateHost = z.infer<typeof ZUpdateHost>;

export const CONTAINER_ACTIONS = ['start', 'stop', 'restart'] as const;
export const ZContainerAction = z.enum(CONTAINER_ACTIONS);
export type TContainerAction = z.infer<typeof ZContainerAction>;

import { z } from 'zod';

export const PORT_PROTOS = ['tcp', 'udp', 'sctp'] as const;

/** A port in a query string (text) or, with `strict`, in a JSON body (a number). */
const zPort = (name: string, strict = false) =>
  (strict
    ? z.number({ error: `${name} is a port number` })
    : z.coerce.number({ error: `${name} is a port number` })
  )
    .int(`${name} is a whole number`)
    .min(1, `${name} is a port from 1 to 65535`)
    .max(65_535, `${name} is a port from 1 to 65535`);

export const ZPortProto = z.enum(PORT_PROTOS, { error: 'proto is tcp, udp or sctp' });

/** A host address to bind: empty for every address, or an IPv4 or IPv6 address. */
export const ZHostIp = z
  .string()
  .trim()
  .max(64)
  .refine(
    (ip) =>
      ip === '' || z.ipv4().safeParse(ip).success || z.ipv6().safeParse(ip.replace(/^\[|\]$/g, '')).success,
    'hostIp is empty (every address) or an IPv4 or IPv6 address',
  );

const zService = z
  .string()
  .trim()
  .min(1)
  .max(64, 'service has at most 64 characters')
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, 'service uses letters, digits and _ . -');

export const ZSuggestQuery = z
  .strictObject({
    from: zPort('from').default(1024),
    to: zPort('to').default(65_535),
    proto: ZPortProto.default('tcp'),
    count: z.coerce
      .number()
      .int('count is a whole number')
      .min(1, 'count is at least 1')
      .max(100, 'count is at most 100')
      .default(5),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be above to', path: ['from'] });

export const ZPortCheckQuery = z.strictObject({
  port: zPort('port'),
  proto: ZPortProto.default('tcp'),
  hostIp: ZHostIp.default(''),
  service: zService,
});

export const ZCreateReservation = z.strictObject({
  port: zPort('port', true),
  proto: ZPortProto.default('tcp'),
  hostIp: ZHostIp.default(''),
  service: zService.optional(),
  note: z
    .string({ error: 'note is required: say what the port is for' })
    .trim()
    .min(3, 'note: say what the port is for, in at least 3 characters')
    .max(500, 'note has at most 500 characters'),
});
export type TCreateReservation = z.infer<typeof ZCreateReservation>;

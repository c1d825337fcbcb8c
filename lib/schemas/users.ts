import { z } from 'zod';
import { ROLES } from '@/lib/auth/permissions';

export const ZRole = z.enum(ROLES);

export const ZUsername = z
  .string()
  .trim()
  .min(2, 'a user name has at least 2 characters')
  .max(64, 'a user name has at most 64 characters')
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.@-]*$/, 'a user name uses letters, digits and _ . @ -');

export const ZPassword = z
  .string()
  .min(10, 'a password has at least 10 characters')
  .max(200, 'a password has at most 200 characters');

export const ZCreateUser = z.strictObject({ username: ZUsername, password: ZPassword, role: ZRole });
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZUpdateUser = z
  .strictObject({ role: ZRole.optional(), disabled: z.boolean().optional(), password: ZPassword.optional() })
  .refine((v) => Object.keys(v).length > 0, 'say what to change: role, disabled or password');
export type TUpdateUser = z.infer<typeof ZUpdateUser>;

export const ZCreateToken = z.strictObject({
  name: z.string().trim().min(1, 'a token needs a name').max(100),
  role: ZRole,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TCreateToken = z.infer<typeof ZCreateToken>;

export const ZSignIn = z.strictObject({ username: ZUsername, password: z.string().min(1).max(200) });

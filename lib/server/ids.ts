import 'server-only';
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A 20-character id that sorts by creation time: 9 characters of milliseconds, 11 random. */
export function newId(now = Date.now()): string {
  const time = now.toString(36).padStart(9, '0');
  const bytes = randomBytes(11);
  let rest = '';
  for (const b of bytes) rest += ALPHABET[b % 36];
  return time + rest;
}

import 'server-only';
import bcrypt from 'bcryptjs';

const COST = 11;
// A real hash to compare against when the user does not exist, so timing does not tell.
const DUMMY_HASH = bcrypt.hashSync('wharf-no-such-user', COST);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && hash !== null;
}

import 'server-only';
import { getDb } from './db';
import { getEnv } from './env';
import { startReleaseRunner } from './releases/runner';
import { ensureFirstAdmin } from './users/users';
import { sweepPartialBackups } from './volumes/sweep';

/** Runs once when the server starts: migrations, and the first admin when there is no user. */
export async function bootstrap(): Promise<void> {
  const env = getEnv();
  await getDb();
  await startReleaseRunner();
  const swept = await sweepPartialBackups().catch(() => []);
  if (swept.length) console.log(`[wharf] removed ${swept.length} backup file(s) a stop cut short`);
  const admin = await ensureFirstAdmin(env.WHARF_ADMIN_USERNAME, env.WHARF_ADMIN_PASSWORD);
  if (admin.created && admin.password) {
    console.log(
      `[wharf] created the first admin "${env.WHARF_ADMIN_USERNAME}" with the password: ${admin.password}`,
    );
    console.log('[wharf] this password is shown once; change it under Settings -> Users.');
  } else if (admin.created) {
    console.log(
      `[wharf] created the first admin "${env.WHARF_ADMIN_USERNAME}" with the password from WHARF_ADMIN_PASSWORD`,
    );
  }
}

import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * A PostgreSQL of a spec's own through scripts/pg.sh, on its own port, so restarting it disturbs no
 * other server: `start` makes it and answers its DATABASE_URL, `down` and `up` stop and start it again
 * on the same data, `stop` removes it.
 */
export function ownPostgres(port: number) {
  const pg = (command: 'start' | 'stop' | 'down' | 'up') => {
    const env: NodeJS.ProcessEnv = { ...process.env, WHARF_PG_PORT: String(port), WHARF_PG_DB: 'wharf' };
    delete env.WHARF_PG_DIR;
    return execFileSync('bash', [path.join(process.cwd(), 'scripts', 'pg.sh'), command], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    }).trim();
  };
  return {
    url: `postgres://wharf@127.0.0.1:${port}/wharf`,
    start: () => pg('start'),
    stop: () => void pg('stop'),
    down: () => void pg('down'),
    up: () => void pg('up'),
  };
}

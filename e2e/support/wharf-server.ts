import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect } from '@playwright/test';

// Wharf servers of a spec's own (the same production build as the shared e2e server), for specs that
// kill a server or run several of them. Each runs `next start` in a process group of its own.

export type OwnServer = {
  child: ChildProcess;
  port: number;
  dataDir: string;
  /** The server's output. */
  log: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
};

export type OwnServerOptions = {
  port: number;
  /** WHARF_DATA_DIR: the SQLite file (without a DATABASE_URL), backups and the server's log. */
  dataDir: string;
  secret: string;
  adminPassword: string;
  /** The built app: the checkout unless said (a copy of its build while the checkout is rebuilt). */
  appDir?: string;
  /** More environment, e.g. DATABASE_URL for PostgreSQL. */
  env?: Record<string, string>;
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The last lines of a server's output, for failure messages. */
export const logTail = (file: string, lines = 30) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';

/** Starts `next start` on the options' port and data, and waits until /api/v1/health answers 200. */
export async function startOwnServer(options: OwnServerOptions): Promise<OwnServer> {
  const { port, dataDir } = options;
  const appDir = options.appDir ?? process.cwd();
  const log = path.join(dataDir, `server-${port}-${Date.now()}.log`);
  const fd = fs.openSync(log, 'w');
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('WHARF_') || k === 'DATABASE_URL' || k === 'PORT' || k === 'HOSTNAME') delete env[k];
  Object.assign(env, {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    WHARF_SECRET: options.secret,
    WHARF_DATA_DIR: dataDir,
    WHARF_ADMIN_USERNAME: 'admin',
    WHARF_ADMIN_PASSWORD: options.adminPassword,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    ...options.env,
  });
  const child = spawn(
    process.execPath,
    [
      path.join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next'),
      'start',
      '-p',
      String(port),
      '-H',
      '127.0.0.1',
    ],
    { cwd: appDir, env, detached: true, stdio: ['ignore', fd, fd] },
  );
  fs.closeSync(fd);
  const origin = `http://127.0.0.1:${port}`;
  try {
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null)
            throw new Error(`next start exited ${child.exitCode}:\n${logTail(log)}`);
          return fetch(`${origin}/api/v1/health`).then(
            (r) => r.status,
            () => 0,
          );
        },
        { timeout: 90_000, intervals: [250] },
      )
      .toBe(200);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nthe end of ${log}:\n${logTail(log)}`);
  }
  return { child, port, dataDir, log, origin };
}

/** Kills the server's whole process group at once, as a crash would. */
export async function killOwnServer(s: OwnServer): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const gone = new Promise((resolve) => s.child.once('exit', resolve));
  process.kill(-(s.child.pid as number), 'SIGKILL');
  await gone;
}

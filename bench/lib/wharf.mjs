// The Wharf instance under test: a production build started on a fresh data directory.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeTarget, makeTarget, send, sendJson } from './http.mjs';

const SOURCE_ENTRIES = [
  'app',
  'components',
  'lib',
  'public',
  'proxy.ts',
  'instrumentation.ts',
  'next.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'postcss.config.mjs',
];
const NOT_SOURCE = /(\.test\.[cm]?[jt]sx?$)|(^|\/)(node_modules|\.next)(\/|$)/;

async function newestSource(appDir) {
  let newest = { mtime: 0, file: null };
  async function walk(p) {
    let s;
    try {
      s = await stat(p);
    } catch {
      return;
    }
    if (NOT_SOURCE.test(path.relative(appDir, p))) return;
    if (s.isDirectory()) {
      for (const e of await readdir(p)) await walk(path.join(p, e));
    } else if (s.mtimeMs > newest.mtime) newest = { mtime: s.mtimeMs, file: path.relative(appDir, p) };
  }
  for (const entry of SOURCE_ENTRIES) await walk(path.join(appDir, entry));
  return newest;
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Builds with `next build` when there is no build or a source file is newer than it. When another
 * `next build` of the same checkout is running, waits for it and looks again.
 */
export async function ensureBuild(appDir, opts) {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      return await buildOnce(appDir, opts);
    } catch (error) {
      if (!error.concurrentBuild || Date.now() > deadline) throw error;
      opts.say('another `next build` of this checkout is running; waiting for it');
      await sleep(10_000);
      if (opts.mode === 'always') opts = { ...opts, mode: 'auto' };
    }
  }
}

async function buildOnce(appDir, { mode, logDir, say, secret: buildSecret }) {
  const buildId = path.join(appDir, '.next', 'BUILD_ID');
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (mode === 'never') {
    if (!built)
      throw new Error(`no production build in ${appDir}/.next: run \`npx next build\` or drop --no-build`);
    return { built: false, reason: '--no-build' };
  }
  let reason = 'forced by --build';
  if (mode !== 'always') {
    if (!built) reason = 'no .next/BUILD_ID';
    else {
      const newest = await newestSource(appDir);
      if (newest.mtime <= built) return { built: false, reason: 'up to date' };
      reason = `${newest.file} is newer than the build`;
    }
  }
  const log = path.join(logDir, 'next-build.log');
  say(`building Wharf (${reason}): npx next build > ${log}`);
  const started = Date.now();
  const fd = openSync(log, 'w');
  const code = await new Promise((resolve) => {
    // Like scripts/demo.sh, the build sees the WHARF_SECRET the server will run with.
    const env = {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      ...(buildSecret ? { WHARF_SECRET: buildSecret } : {}),
    };
    const child = spawn('npx', ['next', 'build'], { cwd: appDir, stdio: ['ignore', fd, fd], env });
    child.on('exit', (c) => resolve(c ?? 1));
    child.on('error', () => resolve(1));
  });
  closeSync(fd);
  if (code !== 0) {
    const end = tail(log);
    const error = new Error(`next build failed (exit ${code}); the end of ${log}:\n${end}`);
    error.concurrentBuild = /Another next build process is already running/.test(end);
    throw error;
  }
  return { built: true, reason, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export const newSecret = (bytes = 36) => randomBytes(bytes).toString('base64url');

/**
 * Starts `next start` in its own process group with a fresh data directory; waits for /api/v1/health.
 * `env` adds variables to the server's environment (e.g. NODE_OPTIONS).
 */
export async function startWharf(
  appDir,
  { port, say, profileDir, secret = newSecret(), env: extraEnv = {} },
) {
  if (!(await portIsFree(port)))
    throw new Error(`port ${port} is taken on 127.0.0.1: stop what uses it or pass --port`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'wharf-bench-'));
  const password = newSecret(18);
  const env = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith('WHARF_') || k === 'DATABASE_URL' || k === 'PORT' || k === 'HOSTNAME') delete env[k];
  Object.assign(env, {
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    WHARF_SECRET: secret,
    WHARF_DATA_DIR: dataDir,
    WHARF_ADMIN_USERNAME: 'admin',
    WHARF_ADMIN_PASSWORD: password,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    ...extraEnv,
  });

  const log = path.join(dataDir, 'server.log');
  const fd = openSync(log, 'w');
  const args = ['start', '-p', String(port), '-H', '127.0.0.1'];
  // Profiling needs node's own flags, which NODE_OPTIONS does not take: run next's binary directly.
  const [command, argv] = profileDir
    ? [
        process.execPath,
        [
          '--cpu-prof',
          `--cpu-prof-dir=${profileDir}`,
          path.join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next'),
          ...args,
        ],
      ]
    : ['npx', ['next', ...args]];
  const child = spawn(command, argv, {
    cwd: appDir,
    env,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });
  const target = makeTarget({ kind: 'tcp', host: '127.0.0.1', port });
  const server = {
    child,
    dataDir,
    log,
    password,
    port,
    target,
    origin: `http://127.0.0.1:${port}`,
    token: null,
  };
  const deadline = Date.now() + 90_000;
  say(
    `starting Wharf: ${profileDir ? 'node --cpu-prof next' : 'npx next'} ${args.join(' ')} (data ${dataDir})`,
  );
  for (;;) {
    if (exited) {
      throw Object.assign(
        new Error(`next start exited (${JSON.stringify(exited)}); the end of ${log}:\n${tail(log)}`),
        { server },
      );
    }
    try {
      const res = await send(target, { path: '/api/v1/health', timeoutMs: 2000 });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw Object.assign(new Error(`Wharf did not answer /api/v1/health within 90 s; see ${log}`), {
        server,
      });
    await sleep(250);
  }
  return server;
}

export async function stopWharf(server, { keepData = false } = {}) {
  if (!server) return;
  closeTarget(server.target);
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    await gone;
    clearTimeout(timer);
  }
  if (!keepData) await rm(server.dataDir, { recursive: true, force: true });
}

function cookiesFrom(res, jar) {
  const set = res.headers['set-cookie'] ?? [];
  for (const c of set) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

const cookieHeader = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Signs in through next-auth's credentials flow and makes an admin API token with the session. */
export async function createApiToken(server) {
  const jar = new Map();
  const csrf = await sendJson(server.target, { path: '/api/auth/csrf' });
  cookiesFrom(csrf, jar);
  const form = new URLSearchParams({
    csrfToken: csrf.data.csrfToken,
    username: 'admin',
    password: server.password,
    json: 'true',
  });
  const signin = await send(server.target, {
    method: 'POST',
    path: '/api/auth/callback/credentials',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookieHeader(jar),
      origin: server.origin,
    },
    body: form.toString(),
  });
  cookiesFrom(signin, jar);
  if (![...jar.keys()].some((k) => k.endsWith('next-auth.session-token'))) {
    throw new Error(
      `sign-in as admin failed (status ${signin.status}): ${signin.body.toString('utf8').slice(0, 300)}`,
    );
  }
  server.cookie = cookieHeader(jar);
  const created = await sendJson(server.target, {
    method: 'POST',
    path: '/api/v1/tokens',
    headers: { cookie: server.cookie, origin: server.origin },
    json: { name: 'bench', role: 'admin' },
  });
  server.token = created.data.token;
  return server.token;
}

/** A JSON call to Wharf's API with the bench's token. */
export function api(server, path, opts = {}) {
  return sendJson(server.target, {
    ...opts,
    path,
    headers: { authorization: `Bearer ${server.token}`, ...opts.headers },
  });
}

/** A page as a signed-in browser would load it (HTML); answers status and time. */
export function page(server, path) {
  return send(server.target, { path, headers: { cookie: server.cookie ?? '', accept: 'text/html' } });
}

/**
 * Registers the engines with Wharf. `proxyPorts` given: each as `tcp://127.0.0.1:<port>` (the counting
 * proxies); otherwise as production does (mutual TLS or the unix socket). Answers `[{ name, id, url }]`.
 */
export async function registerHosts(server, engines, { proxyPorts = null, label = 'bench' } = {}) {
  const hosts = [];
  for (const e of engines) {
    let body;
    if (proxyPorts) body = { name: e.name, url: `tcp://127.0.0.1:${proxyPorts[e.name]}` };
    else if (e.direct.kind === 'tls')
      body = { name: e.name, url: e.url, tls: { ca: e.direct.ca, cert: e.direct.cert, key: e.direct.key } };
    else if (e.direct.kind === 'unix') body = { name: e.name, url: `unix://${e.direct.socketPath}` };
    else body = { name: e.name, url: e.url };
    body.labels = { bench: label };
    const { data } = await api(server, '/api/v1/hosts', { method: 'POST', json: body });
    hosts.push({ name: e.name, id: data.id, url: body.url });
  }
  return hosts;
}

/** Registers the fleet's registry (`fleet.json`'s `registry`) with its credentials. */
export async function registerFleetRegistry(server, registry) {
  await api(server, '/api/v1/registries', {
    method: 'POST',
    json: {
      name: registry.name ?? 'fleet-registry',
      url: registry.url,
      username: registry.username,
      password: readFileSync(registry.passwordFile, 'utf8').trim(),
    },
  });
}

export async function removeHosts(server, hosts) {
  for (const h of hosts) await api(server, `/api/v1/hosts/${h.id}`, { method: 'DELETE' });
}

/** `{ commit, dirty }` of a checkout, or null outside git. */
export function gitDescribe(dir) {
  const git = (...args) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', '--short', 'HEAD'), dirty: git('status', '--porcelain') !== '' };
  } catch {
    return null;
  }
}

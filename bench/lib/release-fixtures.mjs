// What the release benchmark makes and checks: the docker CLI against one engine, the HTTP health
// check both sides wait for, and the removal of every container the bench made.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { send, sendJson } from './http.mjs';

/** The label on every container the release bench makes, Wharf's and the raw ones. */
export const BENCH_MARK = 'wharf-bench.release';

/**
 * How the docker CLI reaches the engine: over the same transport as Wharf (`via: 'same'`: mutual TLS
 * for a TCP host, the socket for a unix one) or over the engine's unix socket.
 */
export function dockerTarget(engine, hostJson, { via, dockerConfig }) {
  const url = new URL(engine.url);
  if (via === 'same' && url.protocol === 'tcp:' && hostJson?.tls) {
    const { ca, cert, key } = hostJson.tls;
    return {
      args: ['-H', engine.url, '--tlsverify', '--tlscacert', ca, '--tlscert', cert, '--tlskey', key],
      describe: `${engine.url} (mutual TLS)`,
      dockerConfig,
    };
  }
  return {
    args: ['-H', `unix://${engine.socketPath}`],
    describe: `unix://${engine.socketPath}`,
    dockerConfig,
  };
}

/** Runs one docker CLI command; answers its wall time, CLI start included. */
export function docker(target, args, { allowFail = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('docker', [...target.args, ...args], {
      env: { ...process.env, DOCKER_HOST: '', DOCKER_CONTEXT: '', DOCKER_CONFIG: target.dockerConfig },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', (e) => reject(new Error(`docker ${args[0]}: ${e.message}`)));
    child.on('exit', (code) => {
      if (code === 0 || allowFail) resolve({ ms: performance.now() - started, code });
      else reject(new Error(`docker ${args.join(' ')} exited ${code}: ${err.trim().slice(0, 300)}`));
    });
  });
}

/** One GET on 127.0.0.1:port, as Wharf's verify step probes: a new connection, 2 s timeout, 2xx/3xx passes. */
export function httpCheck(port, path) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, timeout: 2000, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({
          ok: status >= 200 && status < 400,
          status,
          body: Buffer.concat(chunks).toString('utf8'),
          message: `GET ${path} answered ${status}`,
        });
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 2000 ms')));
    req.on('error', (e) => resolve({ ok: false, status: 0, body: '', message: `GET ${path}: ${e.message}` }));
  });
}

/** Polls GET /health every `pollMs` until it passes; the first probe goes out at once. */
export async function waitHealthy(port, { pollMs, deadlineMs }) {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    const check = await httpCheck(port, '/health');
    if (check.ok) return;
    if (performance.now() >= deadline)
      throw new Error(`127.0.0.1:${port} not healthy within ${deadlineMs} ms (last: ${check.message})`);
    await sleep(pollMs);
  }
}

/** Fails unless every image is on the engine (the bench times swaps, not pulls). */
export async function requireImages(engine, refs) {
  for (const ref of refs) {
    const { status } = await send(engine.socket, { path: `/images/${encodeURIComponent(ref)}/json` });
    if (status !== 200)
      throw new Error(
        `${engine.name}: image ${ref} is not on the engine (status ${status}); run \`npm run fleet -- up\``,
      );
  }
}

/** Removes every container carrying the bench's label, running or not; answers how many. */
export async function removeMarked(engine) {
  const filters = encodeURIComponent(JSON.stringify({ label: [BENCH_MARK] }));
  const { data } = await sendJson(engine.socket, { path: `/containers/json?all=1&filters=${filters}` });
  for (const c of data) {
    const res = await send(engine.socket, { method: 'DELETE', path: `/containers/${c.Id}?force=1` });
    if (res.status !== 204 && res.status !== 404)
      throw new Error(`${engine.name}: remove ${c.Id} -> ${res.status} ${res.body}`);
  }
  return data.length;
}

// The parent side of the counting proxies: start them, read what passed through, stop them.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startProxies(engines) {
  const child = fork(path.join(here, 'counting-proxy.mjs'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map();
  let onReady;
  const ready = new Promise((resolve, reject) => {
    onReady = { resolve, reject };
    child.once('exit', (code) => reject(new Error(`the counting proxy exited early (code ${code})`)));
  });
  // A child that is gone (stopped during clean-up) fails the calls below instead of crashing.
  child.on('error', () => {});
  child.on('message', (msg) => {
    if (msg.type === 'ready') onReady.resolve(msg.ports);
    else if (msg.type === 'error') onReady.reject(new Error(msg.message));
    else if (msg.type === 'log') {
      waiting.get(msg.id)?.(msg);
      waiting.delete(msg.id);
    }
  });
  child.send({ type: 'start', engines });
  const ports = await ready;
  let cursor = 0;

  /** Every request since the last call (or since `mark()`), oldest first. */
  async function take() {
    const id = nextId++;
    const answer = await new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error('the counting proxy has stopped'));
      waiting.set(id, resolve);
      child.send({ type: 'log', id, since: cursor }, (error) => {
        if (!error) return;
        waiting.delete(id);
        reject(new Error(`the counting proxy has stopped: ${error.message}`));
      });
    });
    cursor = answer.next;
    return answer.entries;
  }

  return {
    ports,
    take,
    /** Forgets what passed until now, e.g. before a measured window. */
    mark: () => take().then(() => undefined),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** `{ 'fleet-a': { 'GET /containers/json': 1, ... }, ... }` for a list of log entries. */
export function countCalls(entries) {
  const counts = {};
  for (const e of entries) {
    const key = `${e.method} ${e.path}`;
    counts[e.host] ??= {};
    counts[e.host][key] = (counts[e.host][key] ?? 0) + 1;
  }
  return counts;
}

export function callsTo(entries, host, method, pathname) {
  return entries.filter(
    (e) => (host === null || e.host === host) && e.method === method && e.path === pathname,
  ).length;
}

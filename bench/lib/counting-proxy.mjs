// A counting HTTP proxy in front of engines' unix sockets, run as a child process so that its work
// does not share the event loop of the process that takes the timings.
//
// Started with fork(); receives { type: 'start', engines: [{ name, socketPath }] } and answers
// { type: 'ready', ports: { name: port } }. { type: 'log', since } answers { type: 'log', entries, next }
// with every request seen since that index: { host, method, path, query, client, status, t0, t1, ms }
// (t0 and t1 are epoch milliseconds with sub-millisecond precision: request in, answer out).
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const log = [];
const servers = [];

/** `/v1.41/containers/json?all=1` -> path `/containers/json`, query `all=1`. */
function splitUrl(url) {
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q)).replace(/^\/v\d+\.\d+(?=\/)/, '');
  return { path, query: q === -1 ? '' : url.slice(q + 1) };
}

function startProxy(name, socketPath) {
  const upstream = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const start = performance.now();
    const at = () => performance.timeOrigin + performance.now();
    const entry = {
      host: name,
      method: req.method,
      ...splitUrl(req.url ?? '/'),
      client: req.headers['user-agent'] ?? '',
      status: 0,
      t0: at(),
      t1: null,
      ms: null,
    };
    log.push(entry);
    const headers = { ...req.headers };
    delete headers.connection;
    delete headers['keep-alive'];
    const up = http.request(
      { socketPath, agent: upstream, method: req.method, path: req.url, headers },
      (upRes) => {
        entry.status = upRes.statusCode ?? 0;
        const out = { ...upRes.headers };
        delete out.connection;
        delete out['keep-alive'];
        res.writeHead(upRes.statusCode ?? 502, out);
        upRes.pipe(res);
        upRes.on('end', () => {
          entry.ms = performance.now() - start;
          entry.t1 = at();
        });
      },
    );
    up.on('error', (error) => {
      entry.status = 502;
      entry.ms = performance.now() - start;
      entry.t1 = at();
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `bench proxy: ${error.message}` }));
    });
    // A client that goes away (an aborted call, a closed event stream) closes the upstream request.
    res.on('close', () => {
      if (!res.writableFinished) up.destroy();
    });
    req.pipe(up);
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      servers.push(server);
      resolve(server.address().port);
    });
  });
}

process.on('message', async (msg) => {
  try {
    if (msg.type === 'start') {
      const ports = {};
      for (const e of msg.engines) ports[e.name] = await startProxy(e.name, e.socketPath);
      process.send({ type: 'ready', ports });
    } else if (msg.type === 'log') {
      const since = msg.since ?? 0;
      process.send({ type: 'log', id: msg.id, entries: log.slice(since), next: log.length });
    } else if (msg.type === 'stop') {
      for (const s of servers) s.closeAllConnections?.();
      for (const s of servers) s.close();
      process.exit(0);
    }
  } catch (error) {
    process.send({ type: 'error', message: String(error?.stack ?? error) });
  }
});

process.on('disconnect', () => process.exit(0));
// Ctrl-C reaches the whole process group; the parent stops this process once it has cleaned up.
process.on('SIGINT', () => {});

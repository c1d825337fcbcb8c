import http from 'node:http';
import type net from 'node:net';

/** What the fake registry does with every request other than `GET /v2/`, which always answers well. */
export type FaultMode =
  | 'ok'
  | 'status-500'
  | 'invalid-json'
  | 'redirect-away'
  | 'stall'
  | 'rate-limited'
  | 'refuse-credentials'
  | 'huge';

export type SeenRequest = { method: string; url: string; authorization: string | null };

/**
 * A small HTTP server on the loopback address that records what it is sent. `FakeRegistry` answers
 * like a Distribution registry (`/v2/` with its version header) and fails the rest as its mode says;
 * a bare `RecordingServer` stands for a host that must receive nothing (a foreign redirect target or
 * token realm).
 */
export class RecordingServer {
  readonly seen: SeenRequest[] = [];
  private server: http.Server | undefined;
  private sockets = new Set<net.Socket>();

  constructor(private readonly handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {}

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the server is not listening');
    return address.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization ?? null,
      });
      this.handler(req, res);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(0, '127.0.0.1', () => resolve());
    });
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }
}

/** A host that answers 200 with a JSON body to anything and records who came. */
export function recordingHost(): RecordingServer {
  return new RecordingServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"repositories":["stolen"]}');
  });
}

export class FakeRegistry extends RecordingServer {
  mode: FaultMode = 'ok';
  /** Where `redirect-away` sends the client. */
  redirectTo = 'http://127.0.0.2:9/';

  constructor() {
    super((req, res) => this.answer(req, res));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        'docker-distribution-api-version': 'registry/2.0',
        ...headers,
      });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v2/' || req.url === '/v2') {
      json(200, {});
      return;
    }
    switch (this.mode) {
      case 'ok':
        if (req.url?.startsWith('/v2/_catalog')) {
          json(200, { repositories: ['fake/one', 'fake/two'] });
          return;
        }
        json(404, {
          errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }],
        });
        return;
      case 'status-500':
        json(500, { errors: [{ code: 'UNKNOWN', message: 'storage backend exploded' }] });
        return;
      case 'invalid-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"repositories": ["half');
        return;
      case 'redirect-away':
        res.writeHead(302, { location: `${this.redirectTo}${req.url?.slice(1) ?? ''}` });
        res.end();
        return;
      case 'stall':
        // Headers never come: the request is left open until the client gives up.
        return;
      case 'rate-limited':
        json(429, { errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] }, { 'retry-after': '42' });
        return;
      case 'refuse-credentials':
        json(
          401,
          { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
          {
            'www-authenticate': 'Basic realm="fake"',
          },
        );
        return;
      case 'huge':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"repositories":[');
        res.end(`${'"x",'.repeat(5 * 1024 * 1024)}"x"]}`);
        return;
    }
  }
}

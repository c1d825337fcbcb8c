import net from 'node:net';

export type ProxyMode = 'forward' | 'blackhole';

/**
 * A TCP proxy in front of a real engine that counts what goes through it. In `blackhole` mode it still
 * accepts connections but never answers: nothing is forwarded either way, on new or open connections,
 * the way a host that hangs behaves.
 */
export class CountingProxy {
  mode: ProxyMode = 'forward';
  /** Bytes sent from Wharf to the engine. */
  bytesUp = 0;
  /** Bytes sent from the engine to Wharf. */
  bytesDown = 0;
  /** Connections Wharf opened to the proxy. */
  connections = 0;
  private server: net.Server | undefined;
  private sockets = new Set<net.Socket>();
  private clients = new Set<net.Socket>();

  constructor(
    private readonly target: { host: string; port: number },
    private readonly listenPort = 0,
  ) {}

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the proxy is not listening');
    return address.port;
  }

  get url(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(this.listenPort, '127.0.0.1', () => resolve());
    });
    return this;
  }

  private accept(client: net.Socket): void {
    this.connections++;
    this.sockets.add(client);
    this.clients.add(client);
    client.on('close', () => {
      this.sockets.delete(client);
      this.clients.delete(client);
    });
    client.on('error', () => undefined);
    let upstream: net.Socket | undefined;
    const pending: Buffer[] = [];
    if (this.mode === 'forward') {
      upstream = net.connect(this.target.port, this.target.host);
      this.sockets.add(upstream);
      upstream.on('connect', () => {
        for (const chunk of pending.splice(0)) upstream?.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (this.mode !== 'forward') return;
        this.bytesDown += chunk.length;
        client.write(chunk);
      });
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => {
        if (upstream) this.sockets.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream?.destroy());
    }
    client.on('data', (chunk: Buffer) => {
      if (this.mode !== 'forward' || !upstream) return;
      this.bytesUp += chunk.length;
      if (upstream.connecting) pending.push(chunk);
      else upstream.write(chunk);
    });
  }

  /** Connections from Wharf open through the proxy now. */
  get openConnections(): number {
    return this.clients.size;
  }

  snapshot(): { bytesUp: number; bytesDown: number; connections: number } {
    return { bytesUp: this.bytesUp, bytesDown: this.bytesDown, connections: this.connections };
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A loopback port with nothing listening on it. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

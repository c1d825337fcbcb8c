import { createHash } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';

const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_TYPE = 'application/vnd.docker.container.image.v1+json';

export type LyingRegistryContent = {
  /** The repository whose tags can be browsed. */
  repository: string;
  /** More names the catalog lists; they need not follow the distribution grammar. */
  otherRepositories: string[];
  /** The one tag with a readable manifest, whose image config carries `labels`. */
  tag: string;
  /** More tag names the tag list gives; asking for their manifests fails with `errorMessage`. */
  otherTags: string[];
  labels: Record<string, string>;
  /** The registry's own error text, sent with a 500 for every other manifest. */
  errorMessage: string;
};

type Reply = { status: number; body: Buffer; headers: Record<string, string> };

const sha256 = (body: Buffer) => `sha256:${createHash('sha256').update(body).digest('hex')}`;

/**
 * A Distribution v2 registry on the loopback address that answers whatever it is told to: names,
 * tags, labels and error messages that a real registry would never hold. Any credentials are taken.
 */
export class LyingRegistry {
  private server: http.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly config: Buffer;
  private readonly manifest: Buffer;
  readonly configDigest: string;
  readonly manifestDigest: string;

  constructor(private readonly content: LyingRegistryContent) {
    this.config = Buffer.from(
      JSON.stringify({
        created: new Date().toISOString(),
        architecture: 'amd64',
        os: 'linux',
        config: { Labels: content.labels },
        rootfs: { type: 'layers', diff_ids: [] },
      }),
    );
    this.configDigest = sha256(this.config);
    this.manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MANIFEST_TYPE,
        config: { mediaType: CONFIG_TYPE, size: this.config.length, digest: this.configDigest },
        layers: [],
      }),
    );
    this.manifestDigest = sha256(this.manifest);
  }

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the registry is not listening');
    return address.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `127.0.0.1:PORT`, the domain of image references in this registry. */
  get domain(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.answer(req, res));
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

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const { status, body, headers } = this.reply(req);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'docker-distribution-api-version': 'registry/2.0',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private reply(req: http.IncomingMessage): Reply {
    const send = (status: number, body: Buffer | object, headers: Record<string, string> = {}): Reply => ({
      status,
      body: Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)),
      headers,
    });
    const url = new URL(req.url ?? '/', 'http://registry');
    const path = url.pathname.split('/').map(decodeURIComponent).join('/');
    const { repository, tag } = this.content;
    if (path === '/v2/' || path === '/v2') return send(200, {});
    if (path === '/v2/_catalog') {
      const repositories = url.searchParams.get('last')
        ? []
        : [repository, ...this.content.otherRepositories];
      return send(200, { repositories });
    }
    if (path === `/v2/${repository}/tags/list`) {
      return send(200, { name: repository, tags: [tag, ...this.content.otherTags] });
    }
    const manifestPrefix = `/v2/${repository}/manifests/`;
    if (path.startsWith(manifestPrefix)) {
      const reference = path.slice(manifestPrefix.length);
      if (reference === tag || reference === this.manifestDigest) {
        return send(200, this.manifest, {
          'content-type': MANIFEST_TYPE,
          'docker-content-digest': this.manifestDigest,
        });
      }
      return send(500, { errors: [{ code: 'UNKNOWN', message: this.content.errorMessage }] });
    }
    if (path === `/v2/${repository}/blobs/${this.configDigest}`) {
      return send(200, this.config, { 'content-type': CONFIG_TYPE });
    }
    return send(404, {
      errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }],
    });
  }
}

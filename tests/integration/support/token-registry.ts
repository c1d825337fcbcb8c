import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes, sign, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RecordingServer } from './fault-registry';
import { freePort } from './proxy';
import type { PushTarget } from './registry-push';

const run = promisify(execFile);

export const TOKEN_SERVICE = 'wharf-test-registry';
export const TOKEN_ISSUER = 'wharf-test-issuer';

type Access = { type: string; name: string; actions: string[] };

/** `repository:team/app:pull,push` -> { type, name, actions }. */
function parseScope(scope: string): Access | null {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first < 0 || last <= first) return null;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope
      .slice(last + 1)
      .split(',')
      .filter(Boolean),
  };
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

/**
 * A token issuer in Node: checks basic credentials and issues an ES256 JWT whose `x5c` header carries
 * the self-signed certificate the registry trusts (its `rootcertbundle`), with `access` claims for
 * every scope asked for. It counts what it is sent.
 */
export class TokenIssuer extends RecordingServer {
  expiresIn = 300;

  constructor(
    private readonly keyPem: string,
    private readonly certDer: Buffer,
    private readonly user: { username: string; password: string },
  ) {
    super((req, res) => this.answer(req.url ?? '/', req.headers.authorization ?? null, res));
  }

  /** Token requests that reached the issuer, with the scopes they asked for. */
  get tokenRequests(): { scopes: string[]; authorization: string | null }[] {
    return this.seen
      .filter((s) => s.url.startsWith('/token'))
      .map((s) => ({
        scopes: new URL(s.url, 'http://x').searchParams.getAll('scope'),
        authorization: s.authorization,
      }));
  }

  mint(subject: string, scopes: string[]): string {
    // The real clock, even while a test fakes Date to age the tokens Wharf has cached.
    const now = Math.floor((performance.timeOrigin + performance.now()) / 1000);
    const header = { alg: 'ES256', typ: 'JWT', x5c: [this.certDer.toString('base64')] };
    const claims = {
      iss: TOKEN_ISSUER,
      sub: subject,
      aud: TOKEN_SERVICE,
      exp: now + this.expiresIn,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access: scopes.map(parseScope).filter((a): a is Access => a !== null),
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(input), { key: this.keyPem, dsaEncoding: 'ieee-p1363' });
    return `${input}.${b64url(signature)}`;
  }

  private answer(url: string, authorization: string | null, res: import('node:http').ServerResponse): void {
    const u = new URL(url, 'http://issuer');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (u.pathname !== '/token') {
      json(404, { error: 'not found' });
      return;
    }
    const expected = `Basic ${Buffer.from(`${this.user.username}:${this.user.password}`).toString('base64')}`;
    if (authorization !== expected) {
      json(401, { error: 'invalid credentials' });
      return;
    }
    if (u.searchParams.get('service') !== TOKEN_SERVICE) {
      json(400, { error: 'unknown service' });
      return;
    }
    const token = this.mint(this.user.username, u.searchParams.getAll('scope'));
    json(200, {
      token,
      access_token: token,
      expires_in: this.expiresIn,
      issued_at: new Date().toISOString(),
    });
  }
}

/**
 * A second, real `docker-registry serve` (Distribution 2.8) configured with `auth.token`: its realm is
 * the issuer above, on another port of the loopback address. Its storage lives in a temporary folder,
 * removed by `stop()`.
 */
export class TokenRegistry {
  readonly user = { username: 'token-user', password: randomBytes(12).toString('hex') };
  issuer!: TokenIssuer;
  port = 0;
  private dir = '';
  private child: ChildProcess | undefined;
  private log = '';

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `host:port` of the token realm, for the registry's token hosts. */
  get realmHost(): string {
    return `127.0.0.1:${this.issuer.port}`;
  }

  /** Pushes through the registry with tokens minted by the issuer directly (they do not count as hits). */
  get pushTarget(): PushTarget {
    return {
      url: this.url,
      authorization: (scope) => `Bearer ${this.issuer.mint(this.user.username, [scope])}`,
    };
  }

  async start(): Promise<this> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wharf-token-registry-'));
    const key = path.join(this.dir, 'issuer-key.pem');
    const cert = path.join(this.dir, 'issuer-cert.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=wharf-test-token-issuer',
    ]);
    const certDer = Buffer.from(new X509Certificate(fs.readFileSync(cert)).raw);
    this.issuer = await new TokenIssuer(fs.readFileSync(key, 'utf8'), certDer, this.user).start();

    this.port = await freePort();
    const config = path.join(this.dir, 'config.yml');
    fs.writeFileSync(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${path.join(this.dir, 'data')}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: 127.0.0.1:${this.port}`,
        `  secret: ${randomBytes(16).toString('hex')}`,
        'auth:',
        '  token:',
        `    realm: ${this.issuer.url}/token`,
        `    service: ${TOKEN_SERVICE}`,
        `    issuer: ${TOKEN_ISSUER}`,
        `    rootcertbundle: ${cert}`,
        '',
      ].join('\n'),
    );
    this.child = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-8000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    await this.waitReady();
    return this;
  }

  /** Waits until the registry answers `/v2/` with its bearer challenge. */
  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.child && this.child.exitCode !== null) throw new Error(`docker-registry exited: ${this.log}`);
      const status = await fetch(`${this.url}/v2/`, { signal: AbortSignal.timeout(1000) })
        .then((r) => r.status)
        .catch(() => 0);
      if (status === 401) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`docker-registry did not come up on ${this.url}: ${this.log}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await this.issuer?.stop();
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

import 'server-only';

/** One authentication challenge of a `WWW-Authenticate` header (RFC 7235). */
export type Challenge = { scheme: string; params: Record<string, string> };

const TOKEN_CHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;

class Cursor {
  i = 0;
  constructor(readonly s: string) {}
  get done(): boolean {
    return this.i >= this.s.length;
  }
  peek(): string {
    return this.s[this.i] ?? '';
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }
  skipSpacesAndCommas(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',') this.i++;
  }
  read(re: RegExp): string {
    const start = this.i;
    while (!this.done && re.test(this.peek())) this.i++;
    return this.s.slice(start, this.i);
  }
  /** A quoted string, the cursor on its opening quote; backslash escapes the next character. */
  readQuoted(): string {
    this.i++;
    let out = '';
    while (!this.done) {
      const c = this.peek();
      this.i++;
      if (c === '"') return out;
      if (c === '\\' && !this.done) {
        out += this.peek();
        this.i++;
      } else out += c;
    }
    return out;
  }
}

/**
 * Parses every challenge of a `WWW-Authenticate` header, e.g.
 * `Bearer realm="https://auth.example.com/token",service="registry",scope="repository:a/b:pull,push"`.
 * Scheme and parameter names are lower-cased; quoted values keep their commas.
 */
export function parseWwwAuthenticate(header: string): Challenge[] {
  const c = new Cursor(header);
  const challenges: Challenge[] = [];
  while (true) {
    c.skipSpacesAndCommas();
    if (c.done) break;
    const scheme = c.read(TOKEN_CHAR);
    if (!scheme) {
      // Not a token where a scheme must start: skip the character rather than loop forever.
      c.i++;
      continue;
    }
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    while (true) {
      c.skipSpacesAndCommas();
      if (c.done) break;
      const start = c.i;
      const name = c.read(TOKEN_CHAR);
      c.skipSpaces();
      if (!name || c.peek() !== '=') {
        // The scheme of the next challenge (or a token68 credential, which registries do not use).
        c.i = start;
        break;
      }
      c.i++;
      c.skipSpaces();
      const value = c.peek() === '"' ? c.readQuoted() : c.read(/[^,\s]/);
      challenge.params[name.toLowerCase()] = value;
    }
  }
  return challenges;
}

export type LinkValue = { url: string; params: Record<string, string> };

/** Parses an RFC 8288 `Link` header: `</v2/_catalog?last=b&n=2>; rel="next", <...>; rel="prev"`. */
export function parseLinkHeader(header: string): LinkValue[] {
  const out: LinkValue[] = [];
  const c = new Cursor(header);
  while (true) {
    c.skipSpacesAndCommas();
    if (c.done || c.peek() !== '<') break;
    c.i++;
    const end = header.indexOf('>', c.i);
    if (end < 0) break;
    const link: LinkValue = { url: header.slice(c.i, end).trim(), params: {} };
    c.i = end + 1;
    while (true) {
      c.skipSpaces();
      if (c.peek() !== ';') break;
      c.i++;
      c.skipSpaces();
      const name = c.read(TOKEN_CHAR).toLowerCase();
      c.skipSpaces();
      let value = '';
      if (c.peek() === '=') {
        c.i++;
        c.skipSpaces();
        value = c.peek() === '"' ? c.readQuoted() : c.read(/[^;,\s]/);
      }
      if (name && !(name in link.params)) link.params[name] = value;
    }
    out.push(link);
  }
  return out;
}

/** The target of the `rel="next"` link, as written (often relative to the registry), or null. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  const next = parseLinkHeader(header).find((l) =>
    (l.params.rel ?? '').toLowerCase().split(/\s+/).includes('next'),
  );
  return next?.url || null;
}

/**
 * The token scope a request under `/v2/` needs: `registry:catalog:*` for the catalog,
 * `repository:NAME:pull` for tags, manifests and blobs, none for the base endpoint.
 */
export function scopeForPath(v2Path: string): string {
  if (/^\/v2\/_catalog\/?$/.test(v2Path)) return 'registry:catalog:*';
  const m = /^\/v2\/(.+?)\/(?:tags\/list|manifests\/[^/]+|blobs\/[^/]+)$/.exec(v2Path);
  return m?.[1] ? `repository:${m[1]}:pull` : '';
}

/** `Retry-After` as seconds (it may be a number of seconds or an HTTP date), or null. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

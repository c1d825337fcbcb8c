import { RecordingServer } from './fault-registry';

const FORWARDED_HEADERS = [
  'content-type',
  'docker-content-digest',
  'docker-distribution-api-version',
  'www-authenticate',
  'location',
  'link',
];

/**
 * A proxy in front of a real registry that pages tag lists the way newer registries do: `n` and `last`
 * select a page of the sorted tags and a `Link: <...>; rel="next"` header points to the next one, with a
 * default page size when `n` is not given. Everything else passes through untouched. Distribution 2.8
 * answers every tag in one page, so this is how a test sees more than one page of real tags.
 */
export class TagPagingProxy extends RecordingServer {
  /** Pages of tags served, whatever the repository. */
  pagesServed = 0;

  constructor(
    private readonly upstream: string,
    private readonly defaultPageSize = 5,
  ) {
    super((req, res) => {
      this.forward(req.method ?? 'GET', req.url ?? '/', req.headers).then(
        ({ status, headers, body }) => {
          res.writeHead(status, headers);
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
    });
  }

  private async forward(
    method: string,
    url: string,
    incoming: Record<string, string | string[] | undefined>,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'accept']) {
      const value = incoming[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const parsed = new URL(url, 'http://proxy');
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(parsed.pathname);
    const upstreamUrl = tags ? `${this.upstream}${parsed.pathname}` : `${this.upstream}${url}`;
    const res = await fetch(upstreamUrl, { method, headers, redirect: 'manual' });
    const out: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = res.headers.get(name);
      if (value !== null) out[name] = value;
    }
    const body = Buffer.from(await res.arrayBuffer());
    if (!tags || res.status !== 200) return { status: res.status, headers: out, body };

    const all = ((JSON.parse(body.toString()) as { tags: string[] | null }).tags ?? []).sort();
    const n = Number(parsed.searchParams.get('n') ?? this.defaultPageSize);
    const last = parsed.searchParams.get('last');
    const rest = last === null ? all : all.filter((t) => t > last);
    const page = rest.slice(0, n);
    this.pagesServed++;
    if (rest.length > n && page.length > 0) {
      const next = new URLSearchParams({ n: String(n), last: page.at(-1) ?? '' });
      out.link = `<${parsed.pathname}?${next}>; rel="next"`;
    }
    delete out['content-length'];
    return { status: 200, headers: out, body: Buffer.from(JSON.stringify({ name: tags[1], tags: page })) };
  }
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TPullEvent } from '@/lib/types/images';
import { ApiError } from './api';
import { streamPull } from './images';

/**
 * streamPull reads the NDJSON body as it arrives. `fetch` (the platform's, not ours) is replaced by one
 * that answers a real Response whose body arrives in the given chunks, split wherever the test says.
 */
function answer(chunks: (string | Uint8Array)[], init?: ResponseInit) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const encoder = new TextEncoder();
  vi.stubGlobal('fetch', async (url: string, requestInit?: RequestInit) => {
    calls.push({ url, init: requestInit });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const c of chunks) controller.enqueue(typeof c === 'string' ? encoder.encode(c) : c);
        controller.close();
      },
    });
    return new Response(body, init);
  });
  return calls;
}

async function collect(ref: string, hosts: string[]): Promise<TPullEvent[]> {
  const events: TPullEvent[] = [];
  await streamPull(ref, hosts, (e) => events.push(e));
  return events;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const line = (e: TPullEvent) => `${JSON.stringify(e)}\n`;

describe('streamPull', () => {
  it('hands on every event, joining a line split across chunks and splitting chunks with several lines', async () => {
    const a: TPullEvent = {
      type: 'progress',
      host: 'a',
      id: 'l1',
      status: 'Downloading',
      current: 1,
      total: 2,
    };
    const b: TPullEvent = {
      type: 'progress',
      host: 'b',
      id: null,
      status: 'Pulling',
      current: null,
      total: null,
    };
    const done: TPullEvent = { type: 'done', host: 'a', imageId: 'sha256:i', digest: null };
    const text = line(a) + line(b) + line(done);
    const cut1 = 7;
    const cut2 = line(a).length + 5;
    answer([text.slice(0, cut1), text.slice(cut1, cut2), text.slice(cut2)]);
    expect(await collect('nginx:1', ['a', 'b'])).toEqual([a, b, done]);
  });

  it('reads the last line without a trailing newline', async () => {
    const err: TPullEvent = { type: 'error', host: 'a', message: 'manifest unknown' };
    answer([JSON.stringify(err)]);
    expect(await collect('nginx:1', ['a'])).toEqual([err]);
  });

  it('keeps a multi-byte character cut between chunks', async () => {
    const e: TPullEvent = { type: 'error', host: 'a', message: 'refusé → denied' };
    const bytes = new TextEncoder().encode(line(e));
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "é"
    answer([bytes.slice(0, cut), bytes.slice(cut)]);
    expect(await collect('nginx:1', ['a'])).toEqual([e]);
  });

  it('skips blank lines, lines that are not JSON and JSON that is not an event', async () => {
    const e: TPullEvent = { type: 'done', host: 'a', imageId: null, digest: null };
    answer([
      '\n',
      'not json\n',
      '{"type":"progress"}\n',
      '[1,2]\n',
      '{"host":"a"}\n',
      '{"trunc',
      '\n',
      line(e),
    ]);
    expect(await collect('nginx:1', ['a'])).toEqual([e]);
  });

  it('posts to the host route for one host and to the fleet route for several', async () => {
    const calls = answer([]);
    await collect('nginx:1', ['web 1']);
    await collect('nginx:1', ['a', 'b']);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/hosts/web%201/images/pull', '/api/v1/images/pull']);
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ ref: 'nginx:1' });
    expect(JSON.parse(String(calls[1]?.init?.body))).toEqual({ ref: 'nginx:1', hosts: ['a', 'b'] });
  });

  it('throws the server refusal as an ApiError with its code and message', async () => {
    answer([JSON.stringify({ error: { code: 'BAD_INPUT', message: 'invalid body: ref: not an image' } })], {
      status: 400,
    });
    const error = await collect('bad ref', ['a']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'BAD_INPUT',
      message: 'invalid body: ref: not an image',
    });
  });

  it('keeps the status line when the refusal is not JSON', async () => {
    answer(['<html>bad gateway</html>'], { status: 502, statusText: 'Bad Gateway' });
    const error = await collect('nginx:1', ['a']).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 502,
      code: 'HTTP_ERROR',
      message: 'the server answered 502 Bad Gateway',
    });
  });

  it('says Wharf could not be reached when fetch itself fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed');
    });
    const error = await collect('nginx:1', ['a']).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'NETWORK' });
  });
});

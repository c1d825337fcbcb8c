/**
 * Service specs as YAML, so that they can live in Git beside the Dockerfile. Pure: the export writes
 * fields in one fixed order and leaves out empty defaults; the import reports where the text is wrong
 * by line and column, and refuses documents that expand without bound through aliases.
 */
import { isMap, LineCounter, parseDocument, stringify, type YAMLError } from 'yaml';
import { AppError } from '@/lib/errors';
import type { TServiceSpec } from '@/lib/schemas/services';
import { SECRET_MASK } from '@/lib/types/releases';

export const YAML_HEADER = `# Wharf service spec. Secret values are masked as ${SECRET_MASK}; importing this file keeps the saved secrets.`;

/** How many alias expansions a spec may use: a spec needs few, and a "billion laughs" needs very many. */
export const MAX_ALIAS_COUNT = 50;

/** The export's field order: who and what first, then how it runs, then what only admins may ask for. */
export const FIELD_ORDER = [
  'name',
  'hosts',
  'image',
  'containerName',
  'command',
  'env',
  'secretEnv',
  'ports',
  'volumes',
  'network',
  'networks',
  'restartPolicy',
  'resources',
  'healthcheck',
  'dependsOn',
  'requiresApproval',
  'labels',
  'privileged',
  'pidMode',
  'capAdd',
  'devices',
  'binds',
] as const satisfies readonly (keyof TServiceSpec)[];

/** Fields whose default is empty and say nothing when left at it. */
const EMPTY_DEFAULT = new Set<string>(['env', 'secretEnv', 'ports', 'volumes', 'dependsOn', 'labels']);

const isEmpty = (v: unknown) =>
  (Array.isArray(v) && v.length === 0) ||
  (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

function ordered(spec: TServiceSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of FIELD_ORDER) {
    const value: unknown = spec[key];
    if (value === undefined) continue;
    if (EMPTY_DEFAULT.has(key) && isEmpty(value)) continue;
    if (key === 'privileged' && value === false) continue;
    out[key] = value;
  }
  out.ports = spec.ports.length
    ? spec.ports.map((p) => ({
        host: p.host,
        container: p.container,
        proto: p.proto,
        ...(p.hostIp ? { hostIp: p.hostIp } : {}),
      }))
    : undefined;
  out.volumes = spec.volumes.length
    ? spec.volumes.map((v) => ({
        name: v.name,
        target: v.target,
        backup: v.backup,
        ...(v.readOnly ? { readOnly: true } : {}),
        ...(v.driver !== undefined ? { driver: v.driver } : {}),
        ...(v.driverOpts !== undefined ? { driverOpts: v.driverOpts } : {}),
      }))
    : undefined;
  const hc = spec.healthcheck;
  out.healthcheck = {
    type: hc.type,
    ...(hc.path !== undefined ? { path: hc.path } : {}),
    ...(hc.port !== undefined ? { port: hc.port } : {}),
    startPeriodSeconds: hc.startPeriodSeconds,
    deadlineSeconds: hc.deadlineSeconds,
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/** The spec as YAML, in the fixed field order, with a header line; give it a masked spec. */
export function specToYaml(spec: TServiceSpec): string {
  const body = stringify(ordered(spec), { lineWidth: 0, indent: 2, aliasDuplicateObjects: false });
  return `${YAML_HEADER}\n${body}`;
}

export type YamlPosition = { line: number; col: number };

function positionOf(error: YAMLError, counter: LineCounter): YamlPosition {
  const pos = error.linePos?.[0];
  if (pos) return { line: pos.line, col: pos.col };
  return counter.linePos(error.pos[0]);
}

/** The first line of the parser's message, without the position it repeats. */
function reason(error: YAMLError): string {
  const first = error.message.split('\n')[0] ?? error.message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '').trim();
}

/**
 * Parses one YAML document into plain data for the spec schema to check. Throws BAD_INPUT naming the
 * line and column of the first syntax error, and refuses a document that expands through too many
 * aliases.
 */
export function parseSpecYaml(text: string): unknown {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    const at = positionOf(error, counter);
    throw new AppError('BAD_INPUT', `YAML error at line ${at.line}, column ${at.col}: ${reason(error)}`, {
      line: at.line,
      col: at.col,
    });
  }
  if (doc.contents === null)
    throw new AppError('BAD_INPUT', 'the YAML is empty: it should describe one service');
  if (!isMap(doc.contents)) {
    const at = counter.linePos(doc.contents.range?.[0] ?? 0);
    throw new AppError(
      'BAD_INPUT',
      `YAML error at line ${at.line}, column ${at.col}: a service spec is a mapping of fields (name: ..., image: ...)`,
      { line: at.line, col: at.col },
    );
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    if (e instanceof ReferenceError)
      throw new AppError(
        'BAD_INPUT',
        `the YAML expands through too many aliases (more than ${MAX_ALIAS_COUNT}); write the values out`,
      );
    throw e;
  }
}

/** Where a field of a parsed spec stands in the YAML text, to point at a field the schema refused. */
export function yamlPosition(text: string, path: readonly PropertyKey[]): YamlPosition | null {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  if (doc.errors.length) return null;
  const keys = path.filter((k): k is string | number => typeof k !== 'symbol');
  // Walk up to the deepest part of the path that is in the text (a missing field points at its parent).
  for (let n = keys.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return counter.linePos(range[0]);
  }
  return null;
}

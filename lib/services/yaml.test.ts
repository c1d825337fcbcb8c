import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { type TServiceSpec, ZServiceSpec } from '@/lib/schemas/services';
import { SECRET_MASK } from '@/lib/types/releases';
import { parseSpecYaml, specToYaml, YAML_HEADER, yamlPosition } from './yaml';

const full: TServiceSpec = ZServiceSpec.parse({
  name: 'shop',
  hosts: ['web-1', 'web-2'],
  image: 'registry.example.com/acme/shop',
  containerName: 'shop-web',
  command: ['./serve', '--port', '8080'],
  env: { LOG_LEVEL: 'info', PORT: '8080', FLAG: 'yes', EMPTY: '' },
  secretEnv: { DB_PASSWORD: SECRET_MASK },
  ports: [
    { host: 8080, container: 8080, proto: 'tcp', hostIp: '0.0.0.0' },
    { host: 5353, container: 53, proto: 'udp' },
  ],
  volumes: [
    { name: 'shop-data', target: '/data', backup: true },
    { name: 'shop-cache', target: '/cache', readOnly: true, driver: 'local', driverOpts: { type: 'tmpfs' } },
  ],
  network: 'shop-net',
  networks: ['ledger-net'],
  restartPolicy: 'always',
  resources: { memoryMb: 256, cpus: 0.5 },
  healthcheck: { type: 'http', path: '/health', port: 8080, startPeriodSeconds: 5, deadlineSeconds: 60 },
  dependsOn: ['ledger'],
  requiresApproval: true,
  labels: { team: 'payments', 'com.example/tier': '1' },
  privileged: true,
  capAdd: ['NET_ADMIN'],
  devices: ['/dev/fuse'],
  binds: [{ source: '/srv/shop', target: '/srv', readOnly: true }],
});

const minimal = ZServiceSpec.parse({ name: 'tiny', hosts: ['h1'], image: 'busybox' });

const topKeys = (yaml: string) =>
  yaml
    .split('\n')
    .filter((l) => /^[a-zA-Z]+:/.test(l))
    .map((l) => l.slice(0, l.indexOf(':')));

function badInput(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('BAD_INPUT');
    return e as AppError;
  }
  throw new Error('expected BAD_INPUT');
}

describe('specToYaml', () => {
  it('round-trips a full spec through the schema to the same value', () => {
    const yaml = specToYaml(full);
    expect(ZServiceSpec.parse(parseSpecYaml(yaml))).toEqual(full);
  });

  it('round-trips a minimal spec, leaving out the empty defaults', () => {
    const yaml = specToYaml(minimal);
    expect(ZServiceSpec.parse(parseSpecYaml(yaml))).toEqual(minimal);
    expect(topKeys(yaml)).toEqual([
      'name',
      'hosts',
      'image',
      'network',
      'restartPolicy',
      'healthcheck',
      'requiresApproval',
    ]);
    expect(yaml).not.toMatch(/labels|env|ports|volumes|dependsOn|privileged/);
  });

  it('writes the fields in the fixed order, admin-only fields last', () => {
    expect(topKeys(specToYaml(full))).toEqual([
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
      'capAdd',
      'devices',
      'binds',
    ]);
  });

  it('starts with the header saying secrets are masked and kept on import', () => {
    const yaml = specToYaml(full);
    expect(yaml.split('\n')[0]).toBe(YAML_HEADER);
    expect(YAML_HEADER).toContain(SECRET_MASK);
    expect(YAML_HEADER).toMatch(/keeps the saved secrets/);
    expect(yaml).toContain(`DB_PASSWORD: ${SECRET_MASK}`);
  });

  it('keeps strings that look like numbers or booleans as strings', () => {
    const back = parseSpecYaml(specToYaml(full)) as { env: Record<string, unknown> };
    expect(back.env).toEqual({ LOG_LEVEL: 'info', PORT: '8080', FLAG: 'yes', EMPTY: '' });
  });
});

describe('parseSpecYaml', () => {
  it('reads a hand-written spec', () => {
    const text = [
      'name: shop',
      'hosts: [web-1]',
      'image: registry.example.com/acme/shop',
      'ports:',
      '  - { host: 8080, container: 8080 }',
    ].join('\n');
    expect(ZServiceSpec.parse(parseSpecYaml(text)).ports).toEqual([
      { host: 8080, container: 8080, proto: 'tcp', hostIp: '' },
    ]);
  });

  it('names the line and column of a syntax error', () => {
    const text = ['name: shop', 'hosts:', '  - web-1', 'image: "unterminated', 'ports: []'].join('\n');
    const error = badInput(() => parseSpecYaml(text));
    expect(error.message).toMatch(/^YAML error at line \d+, column \d+: /);
    expect((error.details as { line: number }).line).toBeGreaterThanOrEqual(4);
  });

  it('points at a bad indentation where it is', () => {
    const text = ['name: shop', 'env:', '  A: 1', ' B: 2'].join('\n');
    const error = badInput(() => parseSpecYaml(text));
    expect(error.details).toMatchObject({ line: 4 });
  });

  it('refuses duplicate keys at their line', () => {
    const error = badInput(() => parseSpecYaml('name: a\nimage: x\nname: b\n'));
    expect(error.details).toEqual({ line: 3, col: 1 });
    expect(error.message).toMatch(/unique/i);
  });

  it('refuses more than one document, an empty one and one that is not a mapping', () => {
    badInput(() => parseSpecYaml('name: a\n---\nname: b\n'));
    expect(badInput(() => parseSpecYaml('')).message).toMatch(/empty/);
    expect(badInput(() => parseSpecYaml('# only a comment\n')).message).toMatch(/empty/);
    expect(badInput(() => parseSpecYaml('- a\n- b\n')).message).toMatch(/mapping/);
  });

  it('refuses a YAML bomb of nested aliases', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    const names = 'bcdefghi';
    let prev = 'a';
    for (const n of names) {
      lines.push(`${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]`);
      prev = n;
    }
    const error = badInput(() => parseSpecYaml(lines.join('\n')));
    expect(error.message).toMatch(/aliases/);
  });

  it('allows a few aliases', () => {
    const text = 'name: shop\nlabels: &l { team: payments }\nenv: *l\n';
    expect(parseSpecYaml(text)).toMatchObject({ env: { team: 'payments' } });
  });
});

describe('yamlPosition', () => {
  const text = [
    'name: shop',
    'hosts: [web-1]',
    'image: busybox',
    'ports:',
    '  - host: 0',
    '    container: 80',
  ].join('\n');

  it('finds a field the schema refused', () => {
    expect(yamlPosition(text, ['ports', 0, 'host'])).toEqual({ line: 5, col: 11 });
    expect(yamlPosition(text, ['image'])).toEqual({ line: 3, col: 8 });
  });

  it('points a missing field at its nearest parent', () => {
    expect(yamlPosition(text, ['ports', 0, 'proto'])).toEqual({ line: 5, col: 5 });
  });
});

import { describe, expect, it } from 'vitest';
import { adminOnlyAsks, type TServiceSpecInput, ZServiceSpec } from './services';

const SHOP: TServiceSpecInput = {
  name: 'shop',
  hosts: ['web-1', 'web-2'],
  image: 'registry.example.com/acme/shop',
  command: ['./serve'],
  env: { LOG_LEVEL: 'info' },
  secretEnv: { DB_PASSWORD: 'hunter2' },
  ports: [{ host: 8080, container: 8080, proto: 'tcp', hostIp: '0.0.0.0' }],
  volumes: [{ name: 'shop-data', target: '/data', backup: true }],
  network: 'bridge',
  restartPolicy: 'unless-stopped',
  healthcheck: { type: 'http', path: '/health', port: 8080, startPeriodSeconds: 5, deadlineSeconds: 60 },
  dependsOn: ['ledger'],
  requiresApproval: true,
  labels: { team: 'payments' },
};

const problems = (input: unknown) => {
  const parsed = ZServiceSpec.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('ZServiceSpec', () => {
  it('accepts the documented shape and fills the defaults of a minimal one', () => {
    expect(problems(SHOP)).toEqual([]);
    const minimal = ZServiceSpec.parse({ name: 'api', hosts: ['h1'], image: 'nginx' });
    expect(minimal).toMatchObject({
      env: {},
      secretEnv: {},
      ports: [],
      network: 'bridge',
      restartPolicy: 'unless-stopped',
      healthcheck: { type: 'docker', startPeriodSeconds: 0, deadlineSeconds: 60 },
      requiresApproval: true,
      privileged: false,
    });
  });

  it('refuses an image with a tag or digest, or off the reference grammar', () => {
    for (const image of ['nginx:1.25', `nginx@sha256:${'a'.repeat(64)}`, 'acme/Shop', 'a b']) {
      expect(problems({ ...SHOP, image }).join()).toContain('image');
    }
  });

  it('names each field that is wrong', () => {
    const found = problems({
      ...SHOP,
      hosts: [],
      env: { '1BAD': 'x' },
      secretEnv: { LOG_LEVEL: 'secret too' },
      ports: [
        { host: 0, container: 80 },
        { host: 9000, container: 80, proto: 'icmp' },
      ],
      volumes: [{ name: 'x', target: 'relative' }],
      healthcheck: { type: 'grpc' },
    });
    expect(found.join('\n')).toMatch(/hosts: hosts: name at least one host/);
    expect(found.join('\n')).toMatch(/env\.1BAD/);
    expect(found.join('\n')).toMatch(/ports\.0\.host: host is a port from 1 to 65535/);
    expect(found.join('\n')).toMatch(/ports\.1\.proto/);
    expect(found.join('\n')).toMatch(/volumes\.0\.(name|target)/);
    expect(found.join('\n')).toMatch(/healthcheck\.type: healthcheck\.type is docker, http or tcp/);
  });

  it('checks the spec as a whole: duplicates, the health check port, self-dependency, reserved labels', () => {
    expect(problems({ ...SHOP, secretEnv: { LOG_LEVEL: 'x' } })).toEqual([
      'secretEnv.LOG_LEVEL: LOG_LEVEL is in env and in secretEnv; keep it in one',
    ]);
    expect(
      problems({ ...SHOP, ports: [SHOP.ports?.[0], { host: 8080, container: 9090, hostIp: '' }] }),
    ).toEqual(['ports.1.host: host port 8080/tcp is published twice']);
    // The same host port on two distinct addresses is fine.
    expect(
      problems({
        ...SHOP,
        ports: [
          { host: 8080, container: 8080, hostIp: '127.0.0.1' },
          { host: 8080, container: 9090, hostIp: '10.0.0.5' },
        ],
      }),
    ).toEqual([]);
    expect(problems({ ...SHOP, healthcheck: { type: 'tcp', port: 9999 } })).toEqual([
      'healthcheck.port: healthcheck.port 9999 is not a published tcp container port',
    ]);
    expect(problems({ ...SHOP, healthcheck: { type: 'http', port: 8080 } })).toEqual([
      'healthcheck.path: an http health check needs a path',
    ]);
    expect(problems({ ...SHOP, dependsOn: ['shop'] })).toEqual([
      'dependsOn: a service cannot depend on itself',
    ]);
    expect(problems({ ...SHOP, labels: { 'wharf.service': 'other' } })).toEqual([
      'labels.wharf.service: labels starting with wharf. are set by Wharf',
    ]);
    expect(problems({ ...SHOP, network: 'host' }).join()).toContain('publishes no ports');
    expect(problems({ ...SHOP, unknownField: true }).join()).toContain('unknownField');
  });
});

describe('adminOnlyAsks', () => {
  it('is empty for an ordinary spec', () => {
    expect(adminOnlyAsks(ZServiceSpec.parse(SHOP))).toEqual([]);
  });

  it('names privileged mode, host PID, capabilities, devices and host paths, bind volumes included', () => {
    const asks = adminOnlyAsks(
      ZServiceSpec.parse({
        ...SHOP,
        privileged: true,
        pidMode: 'host',
        capAdd: ['NET_ADMIN'],
        devices: ['/dev/fuse'],
        binds: [{ source: '/etc', target: '/host-etc' }],
        volumes: [
          { name: 'sneaky', target: '/data', driverOpts: { type: 'none', o: 'bind', device: '/var/lib' } },
          {
            name: 'nfs-data',
            target: '/nfs',
            driverOpts: { type: 'nfs', o: 'addr=10.0.0.1,rw', device: ':/export' },
          },
        ],
      }),
    );
    expect(asks).toEqual([
      'privileged mode',
      "the host's PID namespace",
      'added capabilities (NET_ADMIN)',
      'devices (/dev/fuse)',
      'the host path /etc',
      'volume sneaky, a bind mount of /var/lib',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { ZServiceSpec } from '@/lib/schemas/services';
import { SECRET_MASK } from '@/lib/types/releases';
import { type AdoptContainer, type AdoptImage, isSecretEnv, serviceNameFrom, specFromInspect } from './adopt';

const IMAGE_ID = `sha256:${'ab12'.repeat(16)}`;

const image: AdoptImage = {
  RepoTags: ['127.0.0.1:5055/wharf-demo/app:8b41d07', '127.0.0.1:5055/wharf-demo/app:latest'],
  RepoDigests: [`127.0.0.1:5055/wharf-demo/app@sha256:${'9'.repeat(64)}`],
  Config: {
    Cmd: ['httpd', '-f', '-p', '8080', '-h', '/www'],
    Entrypoint: null,
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'APP_VERSION=8b41d07'],
    Labels: {
      'org.opencontainers.image.revision': '8b41d07',
      'org.opencontainers.image.source': 'https://x',
    },
    Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- http://127.0.0.1:8080/health'] },
  },
};

function container(
  over: Partial<AdoptContainer> = {},
  hostConfig: Partial<AdoptContainer['HostConfig']> = {},
) {
  const base: AdoptContainer = {
    Name: '/shop-web',
    Image: IMAGE_ID,
    Config: {
      Image: '127.0.0.1:5055/wharf-demo/app:8b41d07',
      Cmd: ['httpd', '-f', '-p', '8080', '-h', '/www'],
      Entrypoint: null,
      Env: [
        'LOG_LEVEL=info',
        'DB_PASSWORD=demo-secret-value',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        'APP_VERSION=8b41d07',
      ],
      Labels: {
        'wharf.service': 'shop',
        'com.example.team': 'payments',
        'com.docker.compose.project': 'shop',
        'org.opencontainers.image.revision': '8b41d07',
        'org.opencontainers.image.source': 'https://other',
      },
      Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- http://127.0.0.1:8080/health'] },
    },
    HostConfig: {
      PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18180' }] },
      NetworkMode: 'default',
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      Memory: 0,
      NanoCpus: 0,
      ...hostConfig,
    },
    Mounts: [],
    NetworkSettings: { Networks: { bridge: {} } },
    ...over,
  };
  return base;
}

const adopt = (c: AdoptContainer, img: AdoptImage | null = image, canSeeSecrets = true) =>
  specFromInspect(c, img, { host: 'fleet-a', canSeeSecrets });

describe('specFromInspect', () => {
  it('prefills a valid spec from a plain published container', () => {
    const { spec, running, warnings } = adopt(container());
    expect(spec).toMatchObject({
      name: 'shop',
      hosts: ['fleet-a'],
      image: '127.0.0.1:5055/wharf-demo/app',
      containerName: 'shop-web',
      env: { LOG_LEVEL: 'info' },
      secretEnv: { DB_PASSWORD: 'demo-secret-value' },
      ports: [{ host: 18180, container: 8080, proto: 'tcp', hostIp: '127.0.0.1' }],
      volumes: [],
      network: 'bridge',
      restartPolicy: 'unless-stopped',
      healthcheck: { type: 'docker' },
      labels: { 'com.example.team': 'payments', 'org.opencontainers.image.source': 'https://other' },
    });
    expect(spec.command).toBeUndefined();
    expect(spec.networks).toBeUndefined();
    expect(spec.resources).toBeUndefined();
    expect(spec.privileged).toBeUndefined();
    expect(running).toEqual({
      image: '127.0.0.1:5055/wharf-demo/app',
      tag: '8b41d07',
      digest: `sha256:${'9'.repeat(64)}`,
    });
    expect(warnings.join('\n')).toContain('runs tag 8b41d07');
    expect(ZServiceSpec.safeParse(spec).success).toBe(true);
  });

  it('masks secret values for a caller who may not see them, and says so', () => {
    const { spec, warnings } = adopt(container(), image, false);
    expect(spec.secretEnv).toEqual({ DB_PASSWORD: SECRET_MASK });
    expect(spec.env).toEqual({ LOG_LEVEL: 'info' });
    expect(warnings.join('\n')).toMatch(/DB_PASSWORD.*masked/);
    expect(JSON.stringify(spec)).not.toContain('demo-secret-value');
  });

  it('sorts secret-looking env into secretEnv, including credentials in a URL', () => {
    const c = container();
    c.Config.Env = [
      'API_KEY=k',
      'github_token=t',
      'AWS_SECRET_ACCESS_KEY=s',
      'SERVICE_CREDENTIALS=c',
      'DATABASE_URL=postgres://app:hunter2@db/app',
      'KEYCLOAK_REALM=main',
      'PUBLIC_URL=https://example.com',
    ];
    const { spec } = adopt(c, image, false);
    expect(Object.keys(spec.secretEnv ?? {}).sort()).toEqual([
      'API_KEY',
      'AWS_SECRET_ACCESS_KEY',
      'DATABASE_URL',
      'KEYCLOAK_REALM',
      'SERVICE_CREDENTIALS',
      'github_token',
    ]);
    expect(spec.env).toEqual({ PUBLIC_URL: 'https://example.com' });
  });

  it('keeps an env var the container sets to another value than the image', () => {
    const c = container();
    c.Config.Env = [
      'APP_VERSION=override',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ];
    expect(adopt(c).spec.env).toEqual({ APP_VERSION: 'override' });
  });

  it('names the service after the container when it has no wharf.service label', () => {
    const c = container({ Name: '/My App_1' });
    c.Config.Labels = {};
    const { spec } = adopt(c);
    expect(spec.name).toBe('My-App_1');
    expect(spec.containerName).toBeUndefined();
    expect(serviceNameFrom('--x--')).toBe('x');
    expect(serviceNameFrom('/')).toBe('service');
    expect(serviceNameFrom('abcdefghij0123456789')).toBe('abcdefghij012345-svc');
    expect(serviceNameFrom('a'.repeat(80))).toHaveLength(64);
  });

  it('takes the image name from the image when the container was created from an id', () => {
    const c = container();
    c.Config.Image = IMAGE_ID;
    const { spec, running, warnings } = adopt(c);
    expect(spec.image).toBe('127.0.0.1:5055/wharf-demo/app');
    expect(running.tag).toBe('8b41d07');
    expect(warnings.join('\n')).toContain('created from an image id');
    const untagged = adopt(c, { ...image, RepoTags: [] });
    expect(untagged.spec.image).toBe('127.0.0.1:5055/wharf-demo/app');
    expect(untagged.running.digest).toBe(`sha256:${'9'.repeat(64)}`);
    const gone = adopt(c, null);
    expect(gone.spec.image).toBe('');
    expect(gone.warnings.join('\n')).toMatch(/no repository name/);
  });

  it('strips a digest and keeps a registry port', () => {
    const c = container();
    c.Config.Image = `127.0.0.1:5055/wharf-demo/app@sha256:${'1'.repeat(64)}`;
    const { spec, running } = adopt(c);
    expect(spec.image).toBe('127.0.0.1:5055/wharf-demo/app');
    expect(running).toMatchObject({ tag: null, digest: `sha256:${'1'.repeat(64)}` });
  });

  it('keeps the command only when it differs from the image, and warns about an entrypoint', () => {
    const c = container();
    c.Config.Cmd = ['sh', '-c', 'echo hi'];
    c.Config.Entrypoint = ['/bin/tini', '--'];
    const { spec, warnings } = adopt(c);
    expect(spec.command).toEqual(['sh', '-c', 'echo hi']);
    expect(warnings.join('\n')).toMatch(/entrypoint \(\/bin\/tini --\)/);
  });

  it('maps random ports to warnings and leaves host-network ports out', () => {
    const c = container(
      {},
      {
        PortBindings: {
          '8080/tcp': [{ HostIp: '', HostPort: '' }],
          '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5353' }],
        },
        PublishAllPorts: true,
      },
    );
    const { spec, warnings } = adopt(c);
    expect(spec.ports).toEqual([{ host: 5353, container: 53, proto: 'udp', hostIp: '0.0.0.0' }]);
    expect(warnings.join('\n')).toMatch(/random host port/);
    expect(warnings.join('\n')).toMatch(/-P/);
    const host = adopt(container({}, { NetworkMode: 'host' }));
    expect(host.spec.network).toBe('host');
    expect(host.spec.ports).toEqual([]);
  });

  it('maps named volumes, bind mounts (with a warning) and leaves tmpfs out', () => {
    const c = container({
      Mounts: [
        {
          Type: 'volume',
          Name: 'shop-data',
          Source: '/var/lib/docker/volumes/shop-data/_data',
          Destination: '/data',
          RW: true,
          Driver: 'local',
        },
        { Type: 'volume', Name: 'nfs-vol', Destination: '/nfs', RW: false, Driver: 'nfs' },
        { Type: 'bind', Source: '/etc/shop', Destination: '/etc/shop', RW: false },
        { Type: 'tmpfs', Source: '', Destination: '/tmp', RW: true },
      ],
    });
    const { spec, warnings } = adopt(c);
    expect(spec.volumes).toEqual([
      { name: 'shop-data', target: '/data', backup: false, readOnly: false },
      { name: 'nfs-vol', target: '/nfs', backup: false, readOnly: true, driver: 'nfs' },
    ]);
    expect(spec.binds).toEqual([{ source: '/etc/shop', target: '/etc/shop', readOnly: true }]);
    expect(warnings.join('\n')).toMatch(/bind mount of the host path \/etc\/shop: only an admin/);
    expect(warnings.join('\n')).toMatch(/\/tmp is a tmpfs mount/);
  });

  it('maps networks, restart policy and resources', () => {
    const c = container(
      { NetworkSettings: { Networks: { 'shop-net': {}, 'ledger-net': {} } } },
      {
        NetworkMode: 'shop-net',
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        Memory: 256 * 1_048_576,
        NanoCpus: 1_500_000_000,
      },
    );
    const { spec, warnings } = adopt(c);
    expect(spec).toMatchObject({
      network: 'shop-net',
      networks: ['ledger-net'],
      restartPolicy: 'on-failure',
      resources: { memoryMb: 256, cpus: 1.5 },
    });
    expect(warnings.join('\n')).toMatch(/3 retries/);
    const quota = adopt(container({}, { CpuQuota: 50_000, CpuPeriod: 100_000, RestartPolicy: { Name: '' } }));
    expect(quota.spec.resources).toEqual({ cpus: 0.5 });
    expect(quota.spec.restartPolicy).toBe('no');
  });

  it('checks health by tcp on the first published port when the image has no HEALTHCHECK', () => {
    const img = { ...image, Config: { ...image.Config, Healthcheck: null } };
    const c = container();
    c.Config.Healthcheck = null;
    expect(adopt(c, img).spec.healthcheck).toEqual({ type: 'tcp', port: 8080 });
    const bare = container({}, { PortBindings: {} });
    bare.Config.Healthcheck = { Test: ['NONE'] };
    const result = adopt(bare, img);
    expect(result.spec.healthcheck).toEqual({ type: 'docker' });
    expect(result.warnings.join('\n')).toMatch(/no HEALTHCHECK/);
  });

  it('carries privileges over for an admin to save, with a warning', () => {
    const c = container(
      {},
      {
        Privileged: true,
        PidMode: 'host',
        CapAdd: ['CAP_NET_ADMIN', 'sys_time'],
        Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }],
      },
    );
    const { spec, warnings } = adopt(c);
    expect(spec).toMatchObject({
      privileged: true,
      pidMode: 'host',
      capAdd: ['NET_ADMIN', 'SYS_TIME'],
      devices: ['/dev/fuse:/dev/fuse'],
    });
    expect(warnings.join('\n')).toMatch(/only an admin may save/);
  });

  it('reports what the schema would refuse', () => {
    const c = container(
      {},
      {
        PortBindings: {
          '8080/tcp': [
            { HostIp: '', HostPort: '80' },
            { HostIp: '', HostPort: '80' },
          ],
        },
      },
    );
    expect(adopt(c).warnings.join('\n')).toMatch(/fix before saving: ports\.1\.host/);
  });
});

describe('isSecretEnv', () => {
  it('matches the secret names case-insensitively', () => {
    for (const name of ['DB_PASSWORD', 'secret', 'x_token', 'Private_Key', 'GCP_CREDENTIAL'])
      expect(isSecretEnv(name, 'v'), name).toBe(true);
    for (const name of ['LOG_LEVEL', 'PORT', 'HOME']) expect(isSecretEnv(name, 'v'), name).toBe(false);
  });
});

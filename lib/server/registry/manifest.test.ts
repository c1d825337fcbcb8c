import { describe, expect, it } from 'vitest';
import { MEDIA, parseImageConfig, parseManifest, platformsOf, preferredPlatform } from './manifest';

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

describe('manifests', () => {
  it('reads a Docker v2 schema 2 manifest', () => {
    const m = parseManifest(
      {
        schemaVersion: 2,
        mediaType: MEDIA.dockerManifest,
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: d(1), size: 100 },
        layers: [{ mediaType: 'x', digest: d(2), size: 1000 }],
      },
      null,
    );
    expect(m.kind).toBe('image');
    if (m.kind === 'image') {
      expect(m.mediaType).toBe(MEDIA.dockerManifest);
      expect(m.config.size + m.layers.reduce((s, l) => s + l.size, 0)).toBe(1100);
    }
  });

  it('takes the media type from Content-Type or the shape when the body leaves it out', () => {
    const oci = parseManifest({ schemaVersion: 2, config: { digest: d(1), size: 1 }, layers: [] }, null);
    expect(oci.mediaType).toBe(MEDIA.ociManifest);
    const index = parseManifest({ schemaVersion: 2, manifests: [] }, `${MEDIA.ociIndex}; charset=utf-8`);
    expect(index).toMatchObject({ kind: 'index', mediaType: MEDIA.ociIndex, platforms: [] });
  });

  it('lists the platforms of an index, without attestations', () => {
    const platforms = platformsOf({
      mediaType: MEDIA.ociIndex,
      manifests: [
        { digest: d(1), size: 10, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { digest: d(2), size: 10, platform: { os: 'linux', architecture: 'amd64' } },
        {
          digest: d(3),
          size: 10,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
        },
      ],
    });
    expect(platforms).toEqual([
      { os: 'linux', architecture: 'arm64', variant: 'v8', digest: d(1) },
      { os: 'linux', architecture: 'amd64', variant: null, digest: d(2) },
    ]);
    expect(preferredPlatform(platforms)?.digest).toBe(d(2));
    expect(preferredPlatform([])).toBeNull();
  });

  it('refuses what it cannot read', () => {
    expect(() => parseManifest('text', null)).toThrow(/not a JSON object/);
    expect(() => parseManifest({ schemaVersion: 1, fsLayers: [] }, null)).toThrow(/schema 1/);
    expect(() => parseManifest({ schemaVersion: 2, config: { digest: d(1) }, layers: [] }, null)).toThrow(
      /digest or size/,
    );
    expect(() => platformsOf({ manifests: [{ size: 1 }] })).toThrow(/digest or size/);
  });
});

describe('image config', () => {
  it('reads created, platform and string labels', () => {
    expect(
      parseImageConfig({
        created: '2026-03-01T10:00:00.123456789Z',
        architecture: 'amd64',
        os: 'linux',
        config: { Labels: { 'org.opencontainers.image.revision': 'abc', bad: 3 } },
      }),
    ).toEqual({
      createdAt: '2026-03-01T10:00:00.123Z',
      architecture: 'amd64',
      os: 'linux',
      variant: null,
      labels: { 'org.opencontainers.image.revision': 'abc' },
    });
    expect(parseImageConfig({ created: 'yesterday', config: { Labels: null } })).toMatchObject({
      createdAt: null,
      labels: {},
    });
  });
});

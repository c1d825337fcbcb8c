import { describe, expect, it } from 'vitest';
import { chainIds, fullImageId, markEmptyLayers, maskCreatedBy } from './inspect';

describe('markEmptyLayers', () => {
  const step = (size: number, createdBy: string) => ({ size, createdBy });

  it('takes the steps with bytes as the layers when their count matches the root file system', () => {
    const history = [
      step(1000, ''),
      step(0, '/bin/sh -c #(nop)  LABEL a=b'),
      step(117, '#(nop) COPY dir:x in /'),
    ];
    expect(markEmptyLayers(history, 2)).toEqual([false, true, false]);
  });

  it('counts a layer-making step with no bytes when that makes the count match', () => {
    const history = [
      step(1000, ''),
      step(0, 'WORKDIR /app'),
      step(0, 'ENV A=1'),
      step(0, 'RUN /bin/sh -c true # buildkit'),
      step(0, '/bin/sh -c #(nop)  CMD ["sh"]'),
    ];
    expect(markEmptyLayers(history, 3)).toEqual([false, false, true, false, true]);
  });

  it('falls back to sizes when no reading matches', () => {
    expect(markEmptyLayers([step(5, 'COPY a /'), step(0, 'COPY b /')], 5)).toEqual([false, true]);
  });
});

describe('maskCreatedBy', () => {
  it('masks secret-looking ENV and build-arg values unless the caller may see secrets', () => {
    const line = '/bin/sh -c #(nop)  ENV API_TOKEN=abc123 MODE=test DB_PASSWORD="two words"';
    expect(maskCreatedBy(line, false)).toBe(
      '/bin/sh -c #(nop)  ENV API_TOKEN=•••••• MODE=test DB_PASSWORD=••••••',
    );
    expect(maskCreatedBy(line, true)).toBe(line);
    expect(maskCreatedBy('|1 SECRET_KEY=xyz /bin/sh -c make', false)).toBe(
      '|1 SECRET_KEY=•••••• /bin/sh -c make',
    );
    expect(maskCreatedBy('ENV URL=https://user:pw@db.example/x', false)).toBe('ENV URL=••••••');
  });
});

describe('fullImageId', () => {
  it('accepts a full id with or without its algorithm, and nothing shorter', () => {
    const hex = 'a'.repeat(64);
    expect(fullImageId(hex)).toBe(`sha256:${hex}`);
    expect(fullImageId(`sha256:${hex}`)).toBe(`sha256:${hex}`);
    expect(fullImageId(hex.slice(0, 12))).toBeNull();
    expect(fullImageId('nginx:latest')).toBeNull();
  });
});

describe('chainIds', () => {
  it("computes Docker's layer chain ids, as the engine's layer store names them", () => {
    const diffIds = [
      'sha256:665ae815712b909ba529f07d5c0e28bf68db821db54d027d99915aa7d6e3e8b8',
      'sha256:38161e284d43c026704b80a4e20e5e09a2b38eedc8964ad58fe05842193d699c',
      'sha256:5123dfa6084dc302b5268e0dd08491b8f8ba4cdf42f5d2ea414dfc8cde9e5a15',
    ];
    const chain = chainIds(diffIds);
    expect(chain[0]).toBe(diffIds[0]);
    expect(chain[2]).toBe('sha256:56a146e40c6054b29df96139950166e342feb78e88433609f61a3606afc35727');
  });
});

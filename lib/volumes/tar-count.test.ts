import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TarCounter } from './tar-count';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-count-'));
const tree = path.join(dir, 'data');
fs.mkdirSync(path.join(tree, 'sub'), { recursive: true });
fs.writeFileSync(path.join(tree, 'a.txt'), 'hello');
fs.writeFileSync(path.join(tree, 'sub', 'big.bin'), Buffer.alloc(70_000, 7));
fs.writeFileSync(path.join(tree, 'sub', `${'long-name-'.repeat(15)}.txt`), 'x');
fs.symlinkSync('a.txt', path.join(tree, 'link'));
// data/, a.txt, link, sub/, sub/big.bin, sub/long...
const ENTRIES = 6;

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function archive(format: string): Buffer {
  return execFileSync('tar', [`--format=${format}`, '-C', dir, '-cf', '-', 'data'], { maxBuffer: 1 << 24 });
}

function count(data: Buffer, chunk: number): number {
  const counter = new TarCounter();
  for (let i = 0; i < data.length; i += chunk) counter.push(data.subarray(i, i + chunk));
  return counter.finish();
}

describe('TarCounter', () => {
  it.each(['gnu', 'pax'])('counts the entries of a %s archive, not its metadata headers', (format) => {
    expect(count(archive(format), 1 << 20)).toBe(ENTRIES);
  });

  it('gives the same count whatever the chunk boundaries', () => {
    const data = archive('pax');
    for (const chunk of [1, 7, 511, 512, 513, 4096]) expect(count(data, chunk)).toBe(ENTRIES);
  });

  it('refuses an archive cut short, even on a block boundary', () => {
    const data = archive('gnu');
    expect(() => count(data.subarray(0, 1024 + 100), 4096)).toThrow(/incomplete/);
    expect(() => count(data.subarray(0, 2048), 4096)).toThrow(/incomplete/);
    // Without its end blocks the archive is not whole either.
    let end = data.length;
    while (end >= 512 && data.subarray(end - 512, end).every((b) => b === 0)) end -= 512;
    expect(() => count(data.subarray(0, end), 4096)).toThrow(/incomplete/);
    expect(() => count(data.subarray(0, end + 512), 4096)).toThrow(/incomplete/);
    expect(count(data.subarray(0, end + 1024), 4096)).toBe(ENTRIES);
  });

  it('refuses bytes that are not a tar archive', () => {
    expect(() => count(Buffer.alloc(2048, 65), 512)).toThrow(/not a tar archive/);
  });
});

/**
 * Counts the entries of a tar stream as it passes, without keeping it, and tells a whole archive from a
 * cut one: an archive is complete only when its end-of-archive blocks arrived after the last entry.
 */

const BLOCK = 512;
/** Headers that describe the next entry (pax, GNU long names) rather than being entries themselves. */
const META_TYPES = new Set(['x', 'g', 'L', 'K']);

function readSize(header: Buffer): number {
  const field = header.subarray(124, 136);
  // Base-256 (GNU) for sizes of 8 GiB and more: the high bit of the first byte is set.
  if ((field[0] ?? 0) & 0x80) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = field.toString('ascii').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new Error(`not a tar archive: bad size field "${text}"`);
  return Number.parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  const stored = header.subarray(148, 156).toString('ascii').replace(/\0.*$/s, '').trim();
  if (!/^[0-7]+$/.test(stored)) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum === Number.parseInt(stored, 8);
}

export class TarCounter {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of entry data (with padding) still to pass before the next header. */
  private skip = 0;
  private zeroBlocks = 0;
  private ended = false;
  entries = 0;
  bytes = 0;

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (data.length > 0) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, data.length);
        this.skip -= n;
        data = data.subarray(n);
        continue;
      }
      if (data.length < BLOCK) break;
      const header = data.subarray(0, BLOCK);
      data = data.subarray(BLOCK);
      if (this.ended) continue;
      if (header.every((b) => b === 0)) {
        this.zeroBlocks++;
        if (this.zeroBlocks >= 2) this.ended = true;
        continue;
      }
      if (this.zeroBlocks > 0) throw new Error('not a tar archive: data after an empty block');
      if (!checksumOk(header)) throw new Error('not a tar archive: a header checksum does not match');
      const type = String.fromCharCode(header[156] ?? 0);
      if (!META_TYPES.has(type)) this.entries++;
      const size = readSize(header);
      this.skip = Math.ceil(size / BLOCK) * BLOCK;
    }
    this.pending = Buffer.from(data);
  }

  /** The entry count of a complete archive; throws for one that was cut short. */
  finish(): number {
    if (!this.ended || this.skip > 0) {
      throw new Error(`the archive is incomplete: it ended after ${this.bytes} bytes without its end marker`);
    }
    return this.entries;
  }
}

/** Subnet arithmetic for IPv4 and IPv6 CIDRs. Pure. */

type Range = { family: 4 | 6; start: bigint; end: bigint };

function ipv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    value = value * 256n + BigInt(p);
  }
  return value;
}

function ipv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  let [head = '', tail] = text.split('::');
  if (text.split('::').length > 2) return null;
  // An embedded IPv4 tail (::ffff:10.0.0.1) counts as two groups.
  const lastGroup = (tail ?? head).split(':').pop() ?? '';
  let v4: string[] = [];
  if (lastGroup.includes('.')) {
    const n = ipv4(lastGroup);
    if (n === null) return null;
    v4 = [(n >> 16n).toString(16), (n & 0xffffn).toString(16)];
    if (tail !== undefined) tail = tail.slice(0, -lastGroup.length).replace(/:$/, '');
    else head = head.slice(0, -lastGroup.length).replace(/:$/, '');
  }
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? [...left, ...v4]
      : [...left, ...Array(8 - left.length - right.length - v4.length).fill('0'), ...right, ...v4];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return groups.reduce((acc, g) => acc * 65536n + BigInt(`0x${g}`), 0n);
}

/** The address range of a CIDR such as `172.18.0.0/16` or `fd00::/64`; null when it is not one. */
export function cidrRange(cidr: string): Range | null {
  const [addr = '', bitsText] = cidr.trim().split('/');
  const v4 = ipv4(addr);
  const family = v4 !== null ? 4 : 6;
  const value = v4 ?? ipv6(addr);
  if (value === null) return null;
  const width = family === 4 ? 32 : 128;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return null;
  const hostBits = BigInt(width - bits);
  const start = (value >> hostBits) << hostBits;
  return { family, start, end: start + (1n << hostBits) - 1n };
}

/** Whether two CIDRs share any address. */
export function subnetsOverlap(a: string, b: string): boolean {
  const [ra, rb] = [cidrRange(a), cidrRange(b)];
  if (!ra || !rb || ra.family !== rb.family) return false;
  return ra.start <= rb.end && rb.start <= ra.end;
}

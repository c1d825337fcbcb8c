/**
 * The address a request came from, read from the headers the proxies in front of Wharf set.
 *
 * Each proxy appends the address it was connected from to `X-Forwarded-For`, so everything left of
 * the entries they added was written by the client and proves nothing. With `trustedProxies` proxies
 * in front, the client's address is the entry that many places from the right. Without a proxy,
 * Next.js fills the header from the socket only when the client sent none, so a client could name
 * any address; run Wharf behind a proxy that appends to the header.
 */
export function clientAddress(
  forwardedFor: string | undefined,
  realIp: string | undefined,
  trustedProxies: number,
): string {
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const picked = hops.length ? hops[Math.max(0, hops.length - Math.max(1, trustedProxies))] : undefined;
  return (picked || realIp?.trim() || 'unknown').slice(0, 64);
}

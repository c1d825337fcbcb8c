/**
 * A distinctive 40-character slice of a TLS client key's base64 body, from one line of it (so it is
 * found whether the key is sent with its line breaks, escaped in JSON or joined), and from its private
 * part: the public key it also holds is in the certificate, which is not a secret.
 */
export function keyCanary(pem: { key: string; cert: string; ca: string }): string {
  const lines = (text: string) => text.split('\n').filter((line) => line && !line.startsWith('-----'));
  const key = lines(pem.key);
  const published = [...lines(pem.cert), ...lines(pem.ca)].join('');
  for (let i = Math.floor(key.length / 2); i < key.length; i++) {
    const slice = key[i]?.slice(8, 48) ?? '';
    if (slice.length === 40 && !published.includes(slice)) return slice;
  }
  throw new Error('found no slice of the TLS key that is not in its certificate');
}

/**
 * The Content-Security-Policy of the app's pages: scripts only from Wharf's own files, or inline with
 * this response's nonce (Next.js puts it on its own inline scripts); never other inline code or eval in
 * production. Styles may be inline: React and the log viewer's colours set style attributes. Pure.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  const script = ["'self'", `'nonce-${nonce}'`, ...(dev ? ["'unsafe-eval'"] : [])];
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `)) ?? '';

describe('contentSecurityPolicy', () => {
  it('allows scripts only from Wharf with the nonce in production: no inline, no eval', () => {
    const script = directive(contentSecurityPolicy('abc123', false), 'script-src');
    expect(script).toContain("'nonce-abc123'");
    expect(script).not.toContain('unsafe-inline');
    expect(script).not.toContain('unsafe-eval');
  });
  it('forbids framing, plugins and foreign form targets', () => {
    const csp = contentSecurityPolicy('n', false);
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(directive(csp, 'form-action')).toBe("form-action 'self'");
  });
  it('lets the development server evaluate its hot-reload code', () => {
    expect(directive(contentSecurityPolicy('n', true), 'script-src')).toContain("'unsafe-eval'");
  });
});

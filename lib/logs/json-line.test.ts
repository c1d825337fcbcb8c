import { describe, expect, it } from 'vitest';
import { JSON_MAX_CHARS, jsonStart, looksLikeJson, parseJsonLine } from './json-line';

describe('looksLikeJson', () => {
  it('sees a JSON object line, with or without a prefix', () => {
    expect(looksLikeJson('{"level":"info","msg":"ok"}')).toBe(true);
    expect(looksLikeJson('  {"a":1}  ')).toBe(true);
    expect(looksLikeJson('2026-11-26T03:00:00Z {"a":1}')).toBe(true);
    expect(jsonStart('app | {"a":1}')).toBe(6);
  });

  it('does not see JSON in ordinary lines', () => {
    expect(looksLikeJson('plain text')).toBe(false);
    expect(looksLikeJson('[1,2,3]')).toBe(false);
    expect(looksLikeJson('function() {}x')).toBe(false);
    expect(looksLikeJson('}')).toBe(false);
    expect(looksLikeJson('')).toBe(false);
    expect(looksLikeJson(`{"a":"${'x'.repeat(JSON_MAX_CHARS)}"}`)).toBe(false);
  });
});

describe('parseJsonLine', () => {
  it('pretty-prints the object and keeps the prefix', () => {
    expect(parseJsonLine('ts=1 {"level":"error","err":{"code":3}}')).toEqual({
      prefix: 'ts=1',
      value: { level: 'error', err: { code: 3 } },
      pretty: '{\n  "level": "error",\n  "err": {\n    "code": 3\n  }\n}',
    });
  });

  it('answers null for what only looks like JSON', () => {
    expect(parseJsonLine('{not json}')).toBeNull();
    expect(parseJsonLine('if (x) { y }')).toBeNull();
    expect(parseJsonLine('{"a":1} trailing}')).toBeNull();
  });

  it('keeps HTML in values as text', () => {
    const parsed = parseJsonLine('{"msg":"<script>alert(1)</script>"}');
    expect(parsed?.pretty).toContain('<script>alert(1)</script>');
  });
});

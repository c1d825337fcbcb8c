import { describe, expect, it } from 'vitest';
import { detectLevel, passesLevel } from './levels';

describe('detectLevel', () => {
  it.each([
    ['2026-11-26 03:00:01 ERROR payment failed', 'error'],
    ['INFO tick 42', 'info'],
    ['WARN disk at 91%', 'warn'],
    ['WARNING: deprecated flag', 'warn'],
    ['DEBUG cache miss', 'debug'],
    ['TRACE entering handler', 'trace'],
    ['FATAL cannot start', 'error'],
    ['[warn] slow query', 'warn'],
    ['[ERROR] boom', 'error'],
    ['nginx: [error] 12#12: upstream timed out', 'error'],
    ['<info> ready', 'info'],
    ['time=2026-11-26T03:00:00Z level=info msg="listening"', 'info'],
    ['ts=1 lvl=warn msg=slow', 'warn'],
    ['level="debug" msg=x', 'debug'],
    ['severity=ERROR x', 'error'],
    ['{"level":"debug","msg":"x"}', 'debug'],
    ['{"severity":"ERROR","message":"boom"}', 'error'],
    ['{"msg":"x", "level": "warning"}', 'warn'],
    ['{"lvl":"trace"}', 'trace'],
    ['{"level":30,"msg":"pino info"}', 'info'],
    ['{"level":50,"msg":"pino error"}', 'error'],
    ['{"log.level":"error","message":"ecs"}', 'error'],
    ['E1126 03:00:00.000000    1 main.go:10] klog error', 'error'],
    ['W1126 03:00:00.000000    1 main.go:10] klog warning', 'warn'],
    ['TypeError: cannot read properties of undefined', 'error'],
    ['Traceback (most recent call last):', 'error'],
    ['panic: runtime error: index out of range', 'error'],
  ])('%s is %s', (text, level) => {
    expect(detectLevel(text)).toBe(level);
  });

  it('finds the level inside a JSON line before any word of the message', () => {
    expect(detectLevel('{"msg":"ERROR counts went up","level":"info"}')).toBe('info');
  });

  it('takes the first level word of a line', () => {
    expect(detectLevel('INFO retrying after ERROR')).toBe('info');
    expect(detectLevel('[debug] saw WARN from upstream')).toBe('debug');
  });

  it('does not read levels out of ordinary words', () => {
    expect(detectLevel('information about errors is in the manual')).toBeNull();
    expect(detectLevel('the mirror was slow')).toBeNull();
    expect(detectLevel('ERRORS_TOTAL=3')).toBeNull();
    expect(detectLevel('GET /health 200')).toBeNull();
    expect(detectLevel('')).toBeNull();
  });

  it('ignores an unknown level value and looks further', () => {
    expect(detectLevel('level=banana ERROR x')).toBe('error');
  });

  it('looks only at the start of a very long line', () => {
    expect(detectLevel(`${'x'.repeat(5000)} ERROR`)).toBeNull();
    expect(detectLevel(`ERROR ${'x'.repeat(100_000)}`)).toBe('error');
  });
});

describe('passesLevel', () => {
  it('keeps this level and worse', () => {
    expect(passesLevel('error', 'warn')).toBe(true);
    expect(passesLevel('warn', 'warn')).toBe(true);
    expect(passesLevel('info', 'warn')).toBe(false);
    expect(passesLevel(null, 'warn')).toBe(false);
    expect(passesLevel(null, null)).toBe(true);
    expect(passesLevel('trace', null)).toBe(true);
  });
});

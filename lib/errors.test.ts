import { describe, expect, it } from 'vitest';
import { AppError, ERROR_STATUS, isAppError } from './errors';

describe('AppError', () => {
  it('takes its HTTP status from its code', () => {
    expect(new AppError('BAD_INPUT', 'x').status).toBe(400);
    expect(new AppError('NOT_FOUND', 'x').status).toBe(404);
    expect(new AppError('CONFLICT', 'x').status).toBe(409);
    expect(new AppError('HOST_UNREACHABLE', 'x').status).toBe(502);
    expect(new AppError('HOST_TIMEOUT', 'x').status).toBe(504);
  });

  it('gives every code a client or server error status', () => {
    for (const status of Object.values(ERROR_STATUS)) expect(status >= 400 && status < 600).toBe(true);
  });

  it('is told apart from other errors', () => {
    expect(isAppError(new AppError('FORBIDDEN', 'no'))).toBe(true);
    expect(isAppError(new Error('no'))).toBe(false);
    expect(isAppError({ code: 'FORBIDDEN', message: 'no' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { ZCreateToken, ZCreateUser, ZSignIn, ZUpdateUser } from './users';

describe('user and token input', () => {
  it('takes a user name, a password of at least 10 characters and a role', () => {
    expect(ZCreateUser.parse({ username: ' ops.anna ', password: 'ten-chars!', role: 'lead' }).username).toBe(
      'ops.anna',
    );
    expect(ZCreateUser.safeParse({ username: 'a', password: 'ten-chars!', role: 'lead' }).success).toBe(
      false,
    );
    expect(ZCreateUser.safeParse({ username: 'anna', password: 'short', role: 'lead' }).success).toBe(false);
    expect(ZCreateUser.safeParse({ username: 'anna', password: 'ten-chars!', role: 'root' }).success).toBe(
      false,
    );
    expect(
      ZCreateUser.safeParse({ username: '<b>anna</b>', password: 'ten-chars!', role: 'viewer' }).success,
    ).toBe(false);
    expect(
      ZCreateUser.safeParse({ username: 'anna', password: 'ten-chars!', role: 'viewer', admin: true })
        .success,
    ).toBe(false);
  });

  it('needs something to change in an edit', () => {
    expect(ZUpdateUser.safeParse({}).success).toBe(false);
    expect(ZUpdateUser.parse({ disabled: true })).toEqual({ disabled: true });
    expect(ZUpdateUser.safeParse({ disabled: 'yes' }).success).toBe(false);
  });

  it('takes a token name, role and an optional lifetime in whole days', () => {
    expect(ZCreateToken.parse({ name: 'ci', role: 'operator', expiresInDays: 90 })).toEqual({
      name: 'ci',
      role: 'operator',
      expiresInDays: 90,
    });
    expect(ZCreateToken.safeParse({ name: ' ', role: 'operator' }).success).toBe(false);
    expect(ZCreateToken.safeParse({ name: 'ci', role: 'operator', expiresInDays: 0 }).success).toBe(false);
    expect(ZCreateToken.safeParse({ name: 'ci', role: 'operator', expiresInDays: 1.5 }).success).toBe(false);
  });

  it('checks sign-in fields', () => {
    expect(ZSignIn.safeParse({ username: 'anna', password: 'x' }).success).toBe(true);
    expect(ZSignIn.safeParse({ username: 'anna', password: '' }).success).toBe(false);
  });
});

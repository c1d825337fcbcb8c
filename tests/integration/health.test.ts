import { describe, expect, it } from 'vitest';
import { api } from './support/api';

describe('GET /api/v1/health', () => {
  it('reports the database and version without sign-in', async () => {
    const res = await api.get('/api/v1/health');
    expect(res.status).toBe(200);
    const dialect = process.env.DATABASE_URL ? 'postgres' : 'sqlite';
    expect(res.json).toEqual({
      status: 'ok',
      db: { dialect, ok: true },
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });
});

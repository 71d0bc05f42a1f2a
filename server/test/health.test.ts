import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from './helpers.js';

describe('GET /api/health', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('answers 200 {"status":"ok"} without a token', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('ignores a broken token, because it is not a protected route', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health', headers: { authorization: 'Bearer junk' } });
    expect(response.statusCode).toBe(200);
  });
});

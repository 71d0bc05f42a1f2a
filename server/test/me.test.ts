import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, TOKEN_CHECK_HEADER } from '@session-lab/shared';
import { bearer, buildTestApp, decodePayload, forge, nowSeconds, signIn, validClaims } from './helpers.js';

describe('GET /api/me', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('returns the user the verified token names and when the token expires', async () => {
    const { token, expiresAt } = await signIn(app, 'teacher');
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ username: 'teacher', role: 'teacher', expiresAt, kind: 'bearer' });
    expect(new Date(expiresAt).getTime()).toBe((decodePayload(token).exp as number) * 1000);
    expect(response.headers[TOKEN_CHECK_HEADER]).toBe('valid');
  });

  it('takes everything from the token, not from a lookup', async () => {
    // A genuine token for a user the store does not know is still a valid session: the token is the session.
    const token = forge({ payload: validClaims({ sub: 'guest-lecturer', role: 'teacher' }) });
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(response.json()).toMatchObject({ username: 'guest-lecturer', role: 'teacher' });
  });

  it('answers 401 TOKEN_MISSING without a token', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_MISSING);
  });

  it('answers 401 TOKEN_EXPIRED once the token has expired', async () => {
    const token = forge({ payload: validClaims({ iat: nowSeconds() - 120, exp: nowSeconds() - 60 }) });
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_EXPIRED);
  });
});

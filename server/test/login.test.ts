import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, TOKEN_ALGORITHM, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@session-lab/shared';
import { buildTestApp, decodePayload, signIn } from './helpers.js';

const login = (app: FastifyInstance, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as string, headers });

describe('POST /api/auth/login', () => {
  let app: FastifyInstance;
  // A generous throttle, so the many failures below never trip it; throttling has its own tests.
  beforeAll(async () => {
    app = await buildTestApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '1000',
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      LOGIN_MAX_ATTEMPTS_PER_IP: '1000',
    });
  });
  afterAll(() => app.close());

  it('signs in the student and returns a token, its expiry and the user', async () => {
    const response = await login(app, { username: 'student', password: 'student123' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toEqual({ username: 'student', role: 'student' });
    expect(body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = decodePayload(body.token);
    expect(new Date(body.expiresAt).getTime()).toBe((claims.exp as number) * 1000);
  });

  it('signs in the teacher with the teacher role', async () => {
    const { user, token } = await signIn(app, 'teacher');
    expect(user).toEqual({ username: 'teacher', role: 'teacher' });
    expect(decodePayload(token).role).toBe('teacher');
  });

  it('issues an HS256 token with every claim the contract lists', async () => {
    const { token } = await signIn(app);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: TOKEN_ALGORITHM, typ: 'JWT' });
    const claims = decodePayload(token);
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kind', 'role', 'sub']);
    expect(claims).toMatchObject({ sub: 'student', role: 'student', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, kind: 'bearer' });
    expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs((claims.iat as number) - Date.now() / 1000)).toBeLessThan(5);
  });

  it('gives two sign-ins in the same second two different tokens', async () => {
    const [first, second] = await Promise.all([signIn(app), signIn(app)]);
    expect(first.token).not.toBe(second.token);
  });

  it('uses TOKEN_TTL_SECONDS as the default lifetime', async () => {
    const { token } = await signIn(app);
    const claims = decodePayload(token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(60);

    const shortLived = await buildTestApp({ TOKEN_TTL_SECONDS: '15' });
    try {
      const short = decodePayload((await signIn(shortLived)).token);
      expect((short.exp as number) - (short.iat as number)).toBe(15);
    } finally {
      await shortLived.close();
    }
  });

  it.each([5, 30, 3600])('honours ttlSeconds=%i from the request', async (ttlSeconds) => {
    const { token } = await signIn(app, 'student', 'student123', { ttlSeconds });
    const claims = decodePayload(token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(ttlSeconds);
  });

  it('rejects a wrong password the same way as an unknown user', async () => {
    const wrongPassword = await login(app, { username: 'student', password: 'teacher123' });
    const unknownUser = await login(app, { username: 'principal', password: 'student123' });
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongPassword.json()).toEqual({
      statusCode: 401,
      code: ErrorCode.INVALID_CREDENTIALS,
      message: 'Wrong username or password.',
    });
    expect(unknownUser.statusCode).toBe(401);
    expect(unknownUser.body).toBe(wrongPassword.body);
  });

  it('does not accept a password for the other account', async () => {
    const response = await login(app, { username: 'teacher', password: 'student123' });
    expect(response.json().code).toBe(ErrorCode.INVALID_CREDENTIALS);
  });

  it('tells the browser and proxies not to store the answer', async () => {
    const response = await login(app, { username: 'student', password: 'student123' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  describe('refuses a body that breaks the schema', () => {
    it.each([
      ['a missing password', { username: 'student' }, /must have required property 'password'/],
      ['a missing username', { password: 'student123' }, /must have required property 'username'/],
      ['a number as password, instead of coercing it', { username: 'student', password: 123 }, /password must be string/],
      ['a boolean as username', { username: true, password: 'x' }, /username must be string/],
      ['an unknown field, instead of dropping it', { username: 'student', password: 'student123', role: 'teacher' }, /must NOT have additional properties/],
      ['an empty username', { username: '', password: 'student123' }, /must NOT have fewer than 1 characters/],
      ['an absurdly long username', { username: 'u'.repeat(65), password: 'x' }, /must NOT have more than 64 characters/],
      ['an absurdly long password', { username: 'student', password: 'p'.repeat(129) }, /must NOT have more than 128 characters/],
      ['ttlSeconds as a string', { username: 'student', password: 'student123', ttlSeconds: '60' }, /ttlSeconds must be integer/],
      ['ttlSeconds with a fraction', { username: 'student', password: 'student123', ttlSeconds: 60.5 }, /ttlSeconds must be integer/],
      ['ttlSeconds below the minimum', { username: 'student', password: 'student123', ttlSeconds: 4 }, /ttlSeconds must be >= 5/],
      ['ttlSeconds above the maximum', { username: 'student', password: 'student123', ttlSeconds: 3601 }, /ttlSeconds must be <= 3600/],
      ['an array instead of an object', [{ username: 'student', password: 'student123' }], /body must be object/],
    ])('%s → 400 VALIDATION_FAILED', async (_case, payload, message) => {
      const response = await login(app, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ statusCode: 400, code: ErrorCode.VALIDATION_FAILED, message: expect.stringMatching(message) });
    });
  });

  it('refuses broken JSON with 400 INVALID_JSON', async () => {
    const response = await login(app, '{"username": "student", "password": ', { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe(ErrorCode.INVALID_JSON);
  });

  it('refuses an empty JSON body with 400 INVALID_JSON', async () => {
    const response = await login(app, '', { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe(ErrorCode.INVALID_JSON);
  });

  it.each([
    ['text/plain', 'username=student&password=student123'],
    ['application/x-www-form-urlencoded', 'username=student&password=student123'],
    ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
    ['application/xml', '<login/>'],
  ])('refuses a %s body with 415 UNSUPPORTED_MEDIA_TYPE', async (contentType, payload) => {
    const response = await login(app, payload, { 'content-type': contentType });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ statusCode: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: expect.any(String) });
  });

  it('refuses a body over 1 KiB with 413 PAYLOAD_TOO_LARGE before parsing it', async () => {
    const payload = JSON.stringify({ username: 'student', password: 'x'.repeat(2000) });
    const response = await login(app, payload, { 'content-type': 'application/json' });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  it('accepts application/json with a charset', async () => {
    const payload = JSON.stringify({ username: 'student', password: 'student123' });
    const response = await login(app, payload, { 'content-type': 'application/json; charset=utf-8' });
    expect(response.statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CLOCK_TOLERANCE_SECONDS, ErrorCode, TOKEN_CHECK_HEADER } from '@session-lab/shared';
import { b64url, bearer, buildTestApp, forge, nowSeconds, signIn, validClaims } from './helpers.js';
// Bring in the type augmentations that declare `authenticate` and `request.user`.
import type {} from '../src/plugins/auth.js';
import type {} from '../src/plugins/authenticate.js';
import type {} from '@fastify/jwt';

describe('authenticate (the check before every protected route)', () => {
  let app: FastifyInstance;
  let token: string;
  beforeAll(async () => {
    app = await buildTestApp();
    token = (await signIn(app)).token;
  });
  afterAll(() => app.close());

  const me = (headers: Record<string, string> = {}) => app.inject({ method: 'GET', url: '/api/me', headers });

  describe('the three 401 answers', () => {
    it('TOKEN_MISSING carries a bare Bearer challenge, as RFC 6750 asks when no token was sent', async () => {
      const response = await me();
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ statusCode: 401, code: ErrorCode.TOKEN_MISSING, message: expect.any(String) });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="session-lab"');
      expect(response.headers[TOKEN_CHECK_HEADER]).toBe('missing');
    });

    it('TOKEN_EXPIRED says invalid_token and why', async () => {
      const response = await me(bearer(forge({ payload: validClaims({ iat: nowSeconds() - 600, exp: nowSeconds() - 300 }) })));
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ statusCode: 401, code: ErrorCode.TOKEN_EXPIRED, message: expect.any(String) });
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="session-lab", error="invalid_token", error_description="The token has expired"',
      );
      expect(response.headers[TOKEN_CHECK_HEADER]).toBe('expired');
    });

    it('TOKEN_INVALID says invalid_token and why', async () => {
      const response = await me(bearer('not-a-token'));
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ statusCode: 401, code: ErrorCode.TOKEN_INVALID, message: expect.any(String) });
      expect(response.headers['www-authenticate']).toBe(
        'Bearer realm="session-lab", error="invalid_token", error_description="The token is invalid"',
      );
      expect(response.headers[TOKEN_CHECK_HEADER]).toBe('invalid');
    });
  });

  describe('remembering verified tokens', () => {
    it('refuses a token whose exp has passed even though it was accepted before', async () => {
      const shortLived = forge({ payload: validClaims({ iat: nowSeconds(), exp: nowSeconds() + 30 }) });
      expect((await me(bearer(shortLived))).statusCode).toBe(200);
      expect((await me(bearer(shortLived))).statusCode).toBe(200);

      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + (30 + CLOCK_TOLERANCE_SECONDS + 1) * 1000);
        const response = await me(bearer(shortLived));
        expect(response.statusCode).toBe(401);
        expect(response.json().code).toBe(ErrorCode.TOKEN_EXPIRED);
      } finally {
        vi.useRealTimers();
      }
    });

    it('refuses a tampered copy of a token it has already accepted', async () => {
      expect((await me(bearer(token))).statusCode).toBe(200);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const tampered = `${header}.${b64url(JSON.stringify({ ...claims, role: 'teacher' }))}.${signature}`;

      const response = await me(bearer(tampered));
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
    });
  });

  it('reports a valid token in the token-check header', async () => {
    const response = await me(bearer(token));
    expect(response.statusCode).toBe(200);
    expect(response.headers[TOKEN_CHECK_HEADER]).toBe('valid');
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  it('accepts the scheme name in any case, as HTTP defines it', async () => {
    expect((await me({ authorization: `bearer ${token}` })).statusCode).toBe(200);
    expect((await me({ authorization: `BEARER ${token}` })).statusCode).toBe(200);
  });

  it('accepts extra spaces between the scheme and the token', async () => {
    expect((await me({ authorization: `Bearer   ${token}` })).statusCode).toBe(200);
    expect((await me({ authorization: `bearer \t${token}` })).statusCode).toBe(200);
  });

  it('treats another authentication scheme as no token at all', async () => {
    const response = await me({ authorization: `Basic ${Buffer.from('student:student123').toString('base64')}` });
    expect(response.json().code).toBe(ErrorCode.TOKEN_MISSING);
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = token.split('.');
    const tampered = `${header}.${b64url(JSON.stringify(validClaims({ sub: 'teacher', role: 'teacher' })))}.${signature}`;
    expect((await me(bearer(tampered))).json().code).toBe(ErrorCode.TOKEN_INVALID);
  });

  it('rejects a token signed with the wrong key', async () => {
    const response = await me(bearer(forge({ key: 'a-completely-different-but-strong-key-9876543210' })));
    expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
  });

  it('rejects a token signed with the right key but the wrong algorithm', async () => {
    const response = await me(bearer(forge({ signWith: 'HS512' })));
    expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
  });

  describe(`the clock tolerance of ${CLOCK_TOLERANCE_SECONDS} seconds`, () => {
    it('still accepts a token that expired within the tolerance', async () => {
      const response = await me(bearer(forge({ payload: validClaims({ iat: nowSeconds() - 60, exp: nowSeconds() - 1 }) })));
      expect(response.statusCode).toBe(200);
    });

    it('refuses a token that expired longer ago than the tolerance', async () => {
      const exp = nowSeconds() - CLOCK_TOLERANCE_SECONDS - 2;
      const response = await me(bearer(forge({ payload: validClaims({ iat: exp - 60, exp }) })));
      expect(response.json().code).toBe(ErrorCode.TOKEN_EXPIRED);
    });

    it('honours nbf: refused before it, accepted after it', async () => {
      const early = await me(bearer(forge({ payload: validClaims({ nbf: nowSeconds() + 30 }) })));
      expect(early.json().code).toBe(ErrorCode.TOKEN_INVALID);
      const later = await me(bearer(forge({ payload: validClaims({ nbf: nowSeconds() - 1 }) })));
      expect(later.statusCode).toBe(200);
    });

    it('refuses an iat in the future, beyond the tolerance', async () => {
      const iat = nowSeconds() + 60;
      const response = await me(bearer(forge({ payload: validClaims({ iat, exp: iat + 60 }) })));
      expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
    });
  });

  it('checks every request: a remembered token still passes, and the same token with one character changed does not', async () => {
    // The same token, first genuine and then with one character of its signature changed: the memory of
    // verified tokens is keyed by the whole string, so the changed copy goes through full verification.
    expect((await me(bearer(token))).statusCode).toBe(200);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const broken = `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    expect((await me(bearer(broken))).json().code).toBe(ErrorCode.TOKEN_INVALID);
    expect((await me(bearer(token))).statusCode).toBe(200);
  });

  describe('one token, one spelling', () => {
    /** The same token with the unused low bits of its signature's last character set: it decodes to the same bytes. */
    const respelled = (genuine: string): string => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(genuine.at(-1)!);
      // An HS256 signature is 32 bytes, 43 characters: the last character carries 2 bits that encode nothing.
      return `${genuine.slice(0, -1)}${alphabet[last | 0b01]}`;
    };

    it('refuses a signature whose unused trailing bits differ, though it decodes to the same bytes', async () => {
      const genuine = forge();
      const other = respelled(genuine);
      expect(other).not.toBe(genuine);
      const [, , a] = genuine.split('.');
      const [, , b] = other.split('.');
      expect(Buffer.from(b!, 'base64url').equals(Buffer.from(a!, 'base64url'))).toBe(true);

      expect((await me(bearer(genuine))).statusCode).toBe(200);
      const response = await me(bearer(other));
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
    });

    it('refuses a non-canonical spelling even of a token it has never seen', async () => {
      const response = await me(bearer(respelled(forge({ payload: validClaims({ jti: 'never-seen-before' }) }))));
      expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
    });
  });

  describe('request.user', () => {
    it('cannot be changed by one request for the next one that carries the same token', async () => {
      const local = await buildTestApp();
      try {
        const seen: unknown[] = [];
        local.get('/api/test/who', { onRequest: local.authenticate }, async (request) => {
          seen.push(request.user);
          try {
            (request.user as { role: string }).role = 'teacher';
          } catch {
            // A frozen object refuses the write with a TypeError in strict mode (every ES module is strict).
          }
          return { role: request.user.role };
        });
        const { token: studentToken } = await signIn(local, 'student');
        for (let i = 0; i < 3; i += 1) {
          const response = await local.inject({ method: 'GET', url: '/api/test/who', headers: bearer(studentToken) });
          expect(response.json()).toEqual({ role: 'student' });
        }
        expect(seen.every((user) => Object.isFrozen(user))).toBe(true);
      } finally {
        await local.close();
      }
    });

    it('carries only the neutral principal, frozen, never the extra claims a token brings with it', async () => {
      const local = await buildTestApp();
      try {
        let user: unknown;
        local.get('/api/test/extra', { onRequest: local.authenticate }, async (request) => {
          user = request.user;
          return { ok: true };
        });
        const token = forge({ payload: validClaims({ extra: { groups: ['a'] } }) });
        const response = await local.inject({ method: 'GET', url: '/api/test/extra', headers: bearer(token) });
        expect(response.statusCode).toBe(200);
        expect(Object.isFrozen(user)).toBe(true);
        expect(Object.keys(user as object).sort()).toEqual(['expiresAt', 'kind', 'role', 'sessionId', 'signInId', 'username']);
      } finally {
        await local.close();
      }
    });
  });
});

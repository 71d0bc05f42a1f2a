/**
 * The four kinds of session, side by side in one server: what each sign-in hands out, how each is checked,
 * what signing out really ends, how the table kinds time out, and the CSRF defence of the cookie kinds.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { COOKIE_NAMES, ErrorCode, SERVER_TIMING_METRICS as M, type CookieKind } from '@session-lab/shared';
import {
  absorbCookies,
  bearer,
  buildTestApp,
  cookieHeader,
  forge,
  signIn,
  signInWithCookie,
  validClaims,
  type CookieSession,
} from './helpers.js';

const COOKIE_KINDS: CookieKind[] = ['cookie-jwt', 'session', 'hybrid'];
const ORIGIN = 'http://127.0.0.1:3000';
const SAME_ORIGIN = { host: '127.0.0.1:3000', origin: ORIGIN, 'sec-fetch-site': 'same-origin' };

describe.each(COOKIE_KINDS)('the %s kind', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const me = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/me', headers });
  const logout = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/auth/logout', headers });

  it('signs in with the credential in an httpOnly cookie and no token in the answer', async () => {
    const { body, jar, response } = await signInWithCookie(app, kind);
    expect(body).toEqual({ kind, expiresAt: expect.any(String), user: { username: 'student', role: 'student' }, csrfToken: expect.any(String) });
    const credential = jar[COOKIE_NAMES[kind]];
    expect(credential).toBeDefined();
    expect(response.body).not.toContain(credential);

    const cookie = response.cookies.find((c) => c.name === COOKIE_NAMES[kind]);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    expect(cookie).not.toHaveProperty('secure');
    expect(cookie?.expires?.getTime()).toBeGreaterThan(Date.now());
    // The CSRF secret gets a cookie of its own, with the same attributes.
    expect(response.cookies.find((c) => c.name === COOKIE_NAMES.csrf)).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
  });

  it('answers GET /api/me with who, which role, which kind and until when', async () => {
    const { headers, body } = await signInWithCookie(app, kind, 'teacher');
    const response = await me({ cookie: headers.cookie });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ username: 'teacher', role: 'teacher', kind, expiresAt: body.expiresAt });
  });

  it('needs no CSRF token to read', async () => {
    const { headers } = await signInWithCookie(app, kind);
    expect((await app.inject({ method: 'GET', url: '/api/notes', headers: { cookie: headers.cookie } })).statusCode).toBe(200);
  });

  it('clears the cookies when signing out', async () => {
    const session = await signInWithCookie(app, kind);
    const response = await logout(session.headers);
    expect(response.statusCode).toBe(204);
    const jar = absorbCookies({ ...session.jar }, response);
    expect(jar).toEqual({});
  });

  describe('CSRF on a state-changing request', () => {
    it.each([
      ['no X-CSRF-Token header', (s: CookieSession) => ({ cookie: s.headers.cookie })],
      ['a made-up token', (s: CookieSession) => ({ ...s.headers, 'x-csrf-token': 'abc-def' })],
      ['a token with one character changed', (s: CookieSession) => ({ ...s.headers, 'x-csrf-token': `${s.body.csrfToken.slice(0, -1)}${s.body.csrfToken.endsWith('A') ? 'B' : 'A'}` })],
      ['the right token but no CSRF secret cookie', (s: CookieSession) => ({ ...s.headers, cookie: cookieHeader({ [COOKIE_NAMES[kind]]: s.jar[COOKIE_NAMES[kind]]! }) })],
      ['the right token from another origin', (s: CookieSession) => ({ ...s.headers, ...SAME_ORIGIN, origin: 'http://127.0.0.1:3001' })],
      ['the right token from another port of the same site', (s: CookieSession) => ({ ...s.headers, ...SAME_ORIGIN, 'sec-fetch-site': 'same-site' })],
      ['the right token from another site', (s: CookieSession) => ({ ...s.headers, ...SAME_ORIGIN, 'sec-fetch-site': 'cross-site' })],
      ['the right token with an opaque origin', (s: CookieSession) => ({ ...s.headers, ...SAME_ORIGIN, origin: 'null' })],
    ])('refuses %s with 403 CSRF_REJECTED and leaves the session alive', async (_case, headersFor) => {
      const session = await signInWithCookie(app, kind);
      const response = await logout(headersFor(session));
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ statusCode: 403, code: ErrorCode.CSRF_REJECTED, message: expect.any(String) });
      expect((await me({ cookie: session.headers.cookie })).statusCode).toBe(200);
    });

    it("refuses another session's token: the token is bound to its sign-in", async () => {
      const mine = await signInWithCookie(app, kind);
      const other = await signInWithCookie(app, kind);
      const response = await logout({ cookie: mine.headers.cookie, 'x-csrf-token': other.body.csrfToken });
      expect(response.json().code).toBe(ErrorCode.CSRF_REJECTED);
    });

    it('accepts the token from our own page, and from GET /api/auth/csrf after a reload', async () => {
      const session = await signInWithCookie(app, kind);
      const again = await app.inject({ method: 'GET', url: '/api/auth/csrf', headers: { cookie: session.headers.cookie } });
      expect(again.statusCode).toBe(200);
      const response = await logout({ ...session.headers, ...SAME_ORIGIN, 'x-csrf-token': again.json().csrfToken });
      expect(response.statusCode).toBe(204);
    });
  });

  it('refuses a cookie sign-in started by another origin (login CSRF)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'student', password: 'student123', kind },
      headers: { ...SAME_ORIGIN, origin: 'http://localhost:3001', 'sec-fetch-site': 'cross-site' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe(ErrorCode.CSRF_REJECTED);
    expect(response.cookies).toEqual([]);
  });
});

describe('what signing out ends', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const replay = (cookie: string) => app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
  const signOut = (session: CookieSession) => app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });

  it('bearer: nothing on the server; a copy of the token keeps working until exp', async () => {
    const { token } = await signIn(app);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(token) })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('cookie-jwt: the cookie is cleared, but a copy of it keeps working until exp', async () => {
    const session = await signInWithCookie(app, 'cookie-jwt');
    expect((await signOut(session)).statusCode).toBe(204);
    expect((await replay(session.headers.cookie)).statusCode).toBe(200);
  });

  it.each(['session', 'hybrid'] as const)('%s: the row is revoked; a copy of the cookie is refused with SESSION_REVOKED', async (kind) => {
    const session = await signInWithCookie(app, kind);
    expect((await signOut(session)).statusCode).toBe(204);
    const response = await replay(session.headers.cookie);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.SESSION_REVOKED);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="session-lab"');
    // The row stays, marked, for the audit.
    expect(await rowOf(app, session.jar)).toMatchObject({ revokedBy: 'student', revokedReason: 'logout' });
  });

  it('answers 204 and clears the cookie when the session had already ended', async () => {
    const session = await signInWithCookie(app, 'session');
    await signOut(session);
    const second = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers });
    expect(second.statusCode).toBe(204);
    expect(absorbCookies({ ...session.jar }, second)).toEqual({});
  });

  it('answers 204 without any session at all', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
  });
});

/** The table row behind a session or hybrid cookie, found the way the server finds it. */
async function rowOf(app: FastifyInstance, jar: Record<string, string>) {
  const secret = jar[COOKIE_NAMES.session] ?? JSON.parse(Buffer.from(jar[COOKIE_NAMES.hybrid]!.split('.')[1]!, 'base64url').toString()).jti;
  const row = await app.sessionStore.findBySecretHash(createHash('sha256').update(secret).digest('base64url'));
  if (row === undefined) throw new Error('no row for this cookie');
  return row;
}

describe('the session kind on the server', () => {
  let app: FastifyInstance;
  let clock: number;
  const SECOND = 1000;
  beforeAll(async () => {
    clock = Date.UTC(2025, 2, 1, 8, 0, 0);
    app = await buildTestApp({ SESSION_IDLE_SECONDS: '60', SESSION_ABSOLUTE_SECONDS: '120' }, { now: () => clock });
  });
  afterAll(() => app.close());

  const me = (session: CookieSession) => app.inject({ method: 'GET', url: '/api/me', headers: { cookie: session.headers.cookie } });

  it('keeps only a SHA-256 of the 256-bit cookie value, and shows a different public id', async () => {
    const session = await signInWithCookie(app, 'session');
    const secret = session.jar[COOKIE_NAMES.session]!;
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    const row = await rowOf(app, session.jar);
    expect(row.secretHash).toBe(createHash('sha256').update(secret).digest('base64url'));
    expect(row.secretHash).not.toContain(secret);
    expect(row.id).not.toBe(secret);
  });

  it('ends a session idle for SESSION_IDLE_SECONDS with SESSION_EXPIRED', async () => {
    const session = await signInWithCookie(app, 'session');
    clock += 59 * SECOND;
    expect((await me(session)).statusCode).toBe(200);
    clock += 59 * SECOND;
    expect((await me(session)).statusCode).toBe(200);
    clock += 60 * SECOND;
    const response = await me(session);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.SESSION_EXPIRED);
  });

  it('ends a busy session at its absolute lifetime with SESSION_EXPIRED', async () => {
    const session = await signInWithCookie(app, 'session');
    for (let step = 0; step < 2; step += 1) {
      clock += 50 * SECOND;
      expect((await me(session)).statusCode).toBe(200);
    }
    clock += 20 * SECOND;
    const response = await me(session);
    expect(response.json().code).toBe(ErrorCode.SESSION_EXPIRED);
  });

  it('tells the client the sliding end of the session: the idle deadline, capped by the absolute one', async () => {
    const session = await signInWithCookie(app, 'session');
    const start = clock;
    expect(session.body.expiresAt).toBe(new Date(start + 60 * SECOND).toISOString());
    clock += 30 * SECOND;
    expect((await me(session)).json().expiresAt).toBe(new Date(start + 90 * SECOND).toISOString());
    clock += 50 * SECOND;
    expect((await me(session)).json().expiresAt).toBe(new Date(start + 120 * SECOND).toISOString());
  });

  it('reports the sliding end in Server-Timing on every accepted request, so the SPA learns it from any answer', async () => {
    const session = await signInWithCookie(app, 'session');
    const start = clock;
    clock += 30 * SECOND;
    const notes = await app.inject({ method: 'GET', url: '/api/notes', headers: { cookie: session.headers.cookie } });
    expect(notes.statusCode).toBe(200);
    expect(notes.headers['server-timing']).toContain(`${M.expires};desc=${start + 90 * SECOND}`);
    clock += 200 * SECOND;
    const refused = await me(session);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['server-timing']).not.toContain(M.expires);
  });

  it('writes "last seen" at most every 5 seconds, and says so in Server-Timing', async () => {
    const session = await signInWithCookie(app, 'session');
    clock += 1 * SECOND;
    const soon = await me(session);
    expect(soon.headers['server-timing']).toContain(M.storeRead);
    expect(soon.headers['server-timing']).not.toContain(M.storeWrite);
    expect((await rowOf(app, session.jar)).lastSeenAt).toBe(clock - SECOND);
    clock += 5 * SECOND;
    const later = await me(session);
    expect(later.headers['server-timing']).toContain(M.storeWrite);
    expect((await rowOf(app, session.jar)).lastSeenAt).toBe(clock);
  });

  it('honours a shorter session length asked for at sign-in', async () => {
    const session = await signInWithCookie(app, 'session', 'student', { ttlSeconds: 30 });
    clock += 30 * SECOND;
    expect((await me(session)).json().code).toBe(ErrorCode.SESSION_EXPIRED);
  });

  it('gives a fresh id at every sign-in, whatever cookie the browser brought (no fixation)', async () => {
    const planted = 'A'.repeat(43);
    const session = await signInWithCookie(app, 'session', 'student', { jar: { [COOKIE_NAMES.session]: planted } });
    expect(session.jar[COOKIE_NAMES.session]).not.toBe(planted);
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `${COOKIE_NAMES.session}=${planted}` } });
    expect(response.json().code).toBe(ErrorCode.SESSION_UNKNOWN);
  });

  it('revokes the session a browser had when it signs in again ("replaced")', async () => {
    const first = await signInWithCookie(app, 'session');
    const firstRow = await rowOf(app, first.jar);
    const second = await signInWithCookie(app, 'session', 'student', { jar: first.jar });
    expect(second.jar[COOKIE_NAMES.session]).not.toBe(first.jar[COOKIE_NAMES.session]);
    expect((await me(first)).json().code).toBe(ErrorCode.SESSION_REVOKED);
    expect(await app.sessionStore.findById(firstRow.id)).toMatchObject({ revokedReason: 'replaced' });
  });

  it('also revokes the cookie session of a sign-in that carries a bearer header, leaving no live row behind', async () => {
    const cookieSession = await signInWithCookie(app, 'session');
    const cookieRow = await rowOf(app, cookieSession.jar);
    const { token } = await signIn(app);
    // The header wins for a protected request, but the sign-in clears the cookie: its row must end with it.
    await signInWithCookie(app, 'session', 'student', { jar: cookieSession.jar, headers: bearer(token) });
    expect(await app.sessionStore.findById(cookieRow.id)).toMatchObject({ revokedBy: 'student', revokedReason: 'replaced' });
    expect((await me(cookieSession)).json().code).toBe(ErrorCode.SESSION_REVOKED);
  });

  it('revokes every table row named by the cookies of a sign-in, not only the first cookie found', async () => {
    const table = await signInWithCookie(app, 'session');
    const hybrid = await signInWithCookie(app, 'hybrid');
    const tableRow = await rowOf(app, table.jar);
    const hybridRow = await rowOf(app, hybrid.jar);
    const again = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: cookieHeader({ ...table.jar, ...hybrid.jar }) },
      payload: { username: 'student', password: 'student123' },
    });
    expect(again.statusCode).toBe(200);
    for (const row of [tableRow, hybridRow]) {
      expect(await app.sessionStore.findById(row.id)).toMatchObject({ revokedReason: 'replaced' });
    }
  });

  it('reads the table on every request and checks no signature (Server-Timing)', async () => {
    const session = await signInWithCookie(app, 'session');
    const timing = String((await me(session)).headers['server-timing']);
    expect(timing).toMatch(/^sl-kind;desc=session, sl-store-read;dur=[\d.]+, sl-outcome;desc=valid, sl-expires;desc=\d+$/);
  });
});

describe('the hybrid kind on the server', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());
  afterEach(() => vi.useRealTimers());

  const meWith = (cookie: string) => app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });

  it('checks the signature first and never reads the store for a forged token', async () => {
    const forged = forge({ key: 'a-completely-different-but-strong-key-9876543210', payload: validClaims({ kind: 'hybrid' }) });
    const response = await meWith(`${COOKIE_NAMES.hybrid}=${forged}`);
    expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
    expect(response.headers['server-timing']).not.toContain(M.storeRead);
  });

  it('reads its row even when the signature verdict is remembered, so a revocation applies at once', async () => {
    const session = await signInWithCookie(app, 'hybrid');
    const first = String((await meWith(session.headers.cookie)).headers['server-timing']);
    expect(first).toMatch(/sl-signature;desc=(verified|remembered)/);
    const second = String((await meWith(session.headers.cookie)).headers['server-timing']);
    expect(second).toContain('sl-signature;desc=remembered');
    expect(second).toContain(M.storeRead);

    await app.sessionStore.revoke((await rowOf(app, session.jar)).id, { at: Date.now(), by: 'teacher', reason: 'admin' });
    expect((await meWith(session.headers.cookie)).json().code).toBe(ErrorCode.SESSION_REVOKED);
  });

  it('ends with its token: TOKEN_EXPIRED after exp', async () => {
    const session = await signInWithCookie(app, 'hybrid', 'student', { ttlSeconds: 10 });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 13_000);
    expect((await meWith(session.headers.cookie)).json().code).toBe(ErrorCode.TOKEN_EXPIRED);
  });

  it('refuses a genuine token of another kind in its cookie, and its own token as a bearer token', async () => {
    const cookieJwt = await signInWithCookie(app, 'cookie-jwt');
    const hybrid = await signInWithCookie(app, 'hybrid');
    const { token } = await signIn(app);
    const hybridToken = hybrid.jar[COOKIE_NAMES.hybrid]!;

    expect((await meWith(`${COOKIE_NAMES.hybrid}=${cookieJwt.jar[COOKIE_NAMES['cookie-jwt']]}`)).json().code).toBe(ErrorCode.TOKEN_INVALID);
    expect((await meWith(`${COOKIE_NAMES.hybrid}=${token}`)).json().code).toBe(ErrorCode.TOKEN_INVALID);
    // Were this accepted, a revoked hybrid session would live on as an unrevocable bearer token.
    const asBearer = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(hybridToken) });
    expect(asBearer.json().code).toBe(ErrorCode.TOKEN_INVALID);
    expect(asBearer.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((await meWith(`${COOKIE_NAMES['cookie-jwt']}=${hybridToken}`)).json().code).toBe(ErrorCode.TOKEN_INVALID);
  });
});

describe('cookies over HTTPS (PUBLIC_ORIGIN=https://…)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp({ PUBLIC_ORIGIN: 'https://lab.example.edu' });
  });
  afterAll(() => app.close());

  it('are Secure, __Host- prefixed and on Path=/, and the CSRF check compares with the public origin', async () => {
    const session = await signInWithCookie(app, 'session', 'student', { headers: { origin: 'https://lab.example.edu' } });
    const cookie = session.response.cookies.find((c) => c.name === `__Host-${COOKIE_NAMES.session}`);
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie).not.toHaveProperty('domain');

    const foreign = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...session.headers, origin: 'http://lab.example.edu' } });
    expect(foreign.json().code).toBe(ErrorCode.CSRF_REJECTED);
    const ours = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...session.headers, origin: 'https://lab.example.edu' } });
    expect(ours.statusCode).toBe(204);
  });
});

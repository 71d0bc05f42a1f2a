import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  CLOCK_TOLERANCE_SECONDS,
  COOKIE_NAMES,
  ErrorCode,
  REFRESH_COOKIE_PATH,
  SERVER_TIMING_METRICS,
  TTL_MAX_SECONDS,
  decodeJsonPart,
  type Note,
} from '@session-lab/shared';
import { preferredLanguage } from '../src/accept-language.js';
import { ConfigError, loadConfig } from '../src/config.js';
import {
  bearer,
  buildTestApp,
  cookieHeader,
  decodePayload,
  forge,
  nowSeconds,
  SAME_ORIGIN,
  signIn,
  signInWithCookie,
  signInWithRefresh,
  validClaims,
  type Jar,
} from './helpers.js';

describe('GET /api/notes', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const notesOf = async (token: string): Promise<Note[]> => {
    const response = await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    return response.json<{ notes: Note[] }>().notes;
  };

  it('shows a student only the notes for everyone', async () => {
    const notes = await notesOf((await signIn(app, 'student')).token);
    expect(notes.length).toBeGreaterThanOrEqual(3);
    expect(notes.every((note) => note.audience === 'everyone')).toBe(true);
  });

  it('shows a teacher the same notes plus the teacher-only ones', async () => {
    const studentNotes = await notesOf((await signIn(app, 'student')).token);
    const teacherNotes = await notesOf((await signIn(app, 'teacher')).token);
    expect(teacherNotes.filter((note) => note.audience === 'everyone')).toEqual(studentNotes);
    expect(teacherNotes.some((note) => note.audience === 'teacher')).toBe(true);
  });

  it('gives every note a unique id, a title and a body', async () => {
    const notes = await notesOf((await signIn(app, 'teacher')).token);
    expect(new Set(notes.map((note) => note.id)).size).toBe(notes.length);
    for (const note of notes) {
      expect(note.title.length).toBeGreaterThan(0);
      expect(note.body.length).toBeGreaterThan(0);
    }
  });

  it('refuses a student who rewrote the role in their token', async () => {
    const { token } = await signIn(app, 'student');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const promoted = Buffer.from(JSON.stringify({ ...claims, role: 'teacher' })).toString('base64url');
    const response = await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(`${header}.${promoted}.${signature}`) });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
  });

  it('filters on the verified role, whatever else the payload carries', async () => {
    // A payload with a "__proto__" key is just data after JSON.parse; it must not make anyone a teacher.
    const payload = JSON.stringify(validClaims()).replace(/^\{/, '{"__proto__":{"role":"teacher"},');
    const notes = await notesOf(forge({ payload }));
    expect(notes.every((note) => note.audience === 'everyone')).toBe(true);
  });

  it('answers 401 TOKEN_MISSING without a token', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/notes' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_MISSING);
  });

  it('answers 401 TOKEN_INVALID for a token signed with another key', async () => {
    const token = forge({ payload: validClaims(), key: 'another-key-that-is-long-and-random-xyz123' });
    const response = await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(token) });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
  });
});

describe('the language of the notes', () => {
  let app: FastifyInstance;
  let token: string;
  beforeAll(async () => {
    app = await buildTestApp();
    token = (await signIn(app, 'teacher')).token;
  });
  afterAll(() => app.close());

  const fetchIn = (acceptLanguage?: string) =>
    app.inject({
      method: 'GET',
      url: '/api/notes',
      headers: { ...bearer(token), ...(acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage }) },
    });

  it.each([
    [undefined, 'en'],
    ['es', 'es'],
    ['en', 'en'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['en;q=0.4, es;q=0.6', 'es'],
    ['fr, es;q=0.5', 'es'],
    ['fr, de', 'en'],
    ['es;q=0, *', 'en'],
  ])('answers Accept-Language %s in %s', async (header, language) => {
    const response = await fetchIn(header);
    expect(response.statusCode).toBe(200);
    expect(response.json().language).toBe(language);
    expect(response.headers.vary).toMatch(/accept-language/i);
  });

  it('has every note in Spanish, with the same ids and audiences and its own words', async () => {
    const english = (await fetchIn('en')).json<{ notes: Note[] }>().notes;
    const spanish = (await fetchIn('es')).json<{ notes: Note[] }>().notes;
    expect(spanish.map(({ id, audience }) => ({ id, audience }))).toEqual(english.map(({ id, audience }) => ({ id, audience })));
    spanish.forEach((note, index) => {
      expect(note.title).not.toBe(english[index]!.title);
      expect(note.body).not.toBe(english[index]!.body);
    });
  });

  it('uses the class vocabulary in Spanish', async () => {
    const text = (await fetchIn('es')).json<{ notes: Note[] }>().notes.map((note) => `${note.title} ${note.body}`).join(' ');
    for (const word of ['sesión', 'token', 'expiración', 'inicie sesión']) expect(text).toContain(word);
  });
});

describe('preferredLanguage', () => {
  it.each([
    ['', 'en'],
    ['ES', 'es'],
    ['es;q=1.5', 'en'],
    ['es;q=abc', 'en'],
    ['*;q=0.5, en;q=0.1', 'es'],
    ['en, es', 'en'],
    ['es, en', 'es'],
    [`es,${'x,'.repeat(600)}`, 'en'],
  ])('reads %j as %s', (header, language) => {
    expect(preferredLanguage(header, ['en', 'es'], 'en')).toBe(language);
  });
});

describe('the claims the notes make', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());
  const notesWith = (token: string) => app.inject({ method: 'GET', url: '/api/notes', headers: bearer(token) });

  it('signed-not-encrypted: the middle part is plain JSON with the username, role and expiry', async () => {
    const { token } = await signIn(app, 'student');
    expect(decodeJsonPart(token.split('.')[1]!)).toMatchObject({ sub: 'student', role: 'student', exp: expect.any(Number) });
  });

  it('server-checks-every-request: a remembered token with one character changed gets 401 TOKEN_INVALID', async () => {
    const { token } = await signIn(app, 'student');
    expect((await notesWith(token)).statusCode).toBe(200);
    expect((await notesWith(token)).statusCode).toBe(200);
    const changed = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    const response = await notesWith(changed);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_INVALID);
  });

  it('server-checks-every-request: the expiry of a remembered token is checked again', async () => {
    const token = forge({ payload: validClaims({ iat: nowSeconds(), exp: nowSeconds() + 30 }) });
    expect((await notesWith(token)).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + (30 + CLOCK_TOLERANCE_SECONDS + 1) * 1000);
      expect((await notesWith(token)).json().code).toBe(ErrorCode.TOKEN_EXPIRED);
    } finally {
      vi.useRealTimers();
    }
  });

  it('no-revocation: a token keeps working after it was used, and no sign-in may ask for more than an hour', async () => {
    const { token } = await signIn(app, 'student');
    expect((await notesWith(token)).statusCode).toBe(200);
    expect((await notesWith(token)).statusCode).toBe(200);
    expect(TTL_MAX_SECONDS).toBe(3600);
    const tooLong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'student', password: 'student123', ttlSeconds: 86_400 },
    });
    expect(tooLong.json().code).toBe(ErrorCode.VALIDATION_FAILED);
    const { exp, iat } = decodePayload((await signIn(app, 'student', 'student123', { ttlSeconds: 3600 })).token) as { exp: number; iat: number };
    expect(exp - iat).toBe(3600);
  });

  it('where-the-token-lives: the Content-Security-Policy lets only our own script files run', async () => {
    const response = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).not.toMatch(/unsafe-inline[^;]*;?\s*$|script-src[^;]*unsafe/);
  });

  it('exercise-expiry: a server that sees an expired token answers 401 TOKEN_EXPIRED', async () => {
    const expired = forge({ payload: validClaims({ iat: nowSeconds() - 120, exp: nowSeconds() - 60 }) });
    const response = await notesWith(expired);
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe(ErrorCode.TOKEN_EXPIRED);
  });

  it('no-revocation: signing out revokes a server-side session, and a copy of its cookie is refused at once', async () => {
    const session = await signInWithCookie(app, 'session');
    const copy = { cookie: session.headers.cookie };
    expect((await app.inject({ method: 'GET', url: '/api/notes', headers: copy })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: session.headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/notes', headers: copy })).json().code).toBe(ErrorCode.SESSION_REVOKED);
  });

  it('where-the-token-lives: the cookie kinds use an httpOnly cookie, and a change without the CSRF token is refused', async () => {
    const session = await signInWithCookie(app, 'cookie-jwt');
    expect(String(session.response.headers['set-cookie'])).toMatch(new RegExp(`${COOKIE_NAMES['cookie-jwt']}=[^;]+;.*HttpOnly`, 'i'));
    const forged = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: session.headers.cookie } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe(ErrorCode.CSRF_REJECTED);
  });

  it('session-table: the cookie is a 256-bit id, and every request reads the table', async () => {
    const session = await signInWithCookie(app, 'session');
    expect(Buffer.from(session.jar[COOKIE_NAMES.session]!, 'base64url')).toHaveLength(32);
    const response = await app.inject({ method: 'GET', url: '/api/notes', headers: { cookie: session.headers.cookie } });
    expect(response.headers['server-timing']).toContain(SERVER_TIMING_METRICS.storeRead);
  });

  it('forced-logout: a teacher revokes a student\'s session and its next request gets 401 SESSION_REVOKED', async () => {
    const student = await signInWithCookie(app, 'hybrid', 'student');
    const teacher = await signInWithCookie(app, 'session', 'teacher');
    const forced = await app.inject({ method: 'DELETE', url: '/api/admin/users/student/sessions', headers: teacher.headers });
    expect(forced.statusCode).toBe(200);
    const next = await app.inject({ method: 'GET', url: '/api/notes', headers: { cookie: student.headers.cookie } });
    expect(next.json().code).toBe(ErrorCode.SESSION_REVOKED);
  });

  it('exercise-expiry: an expired server-side session answers 401 SESSION_EXPIRED', async () => {
    let now = Date.UTC(2025, 2, 1, 9, 0, 0);
    const local = await buildTestApp({}, { now: () => now });
    try {
      const session = await signInWithCookie(local, 'session', 'student', { ttlSeconds: 10 });
      now += 11_000;
      const response = await local.inject({ method: 'GET', url: '/api/notes', headers: { cookie: session.headers.cookie } });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe(ErrorCode.SESSION_EXPIRED);
    } finally {
      await local.close();
    }
  });

  it('the-key-is-everything: the server refuses a short or repetitive JWT_SECRET at start-up', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ JWT_SECRET: 'abcd'.repeat(12) })).toThrow(ConfigError);
  });
});

/** The fifth kind, `refresh`, as the notes describe it: a JWT access token, a random refresh token in a cookie. */
describe('the claims the notes make about the refresh kind', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const signInRefresh = (username = 'student') => signInWithRefresh(app, username);
  const refresh = (jar: Jar, csrfToken?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { ...SAME_ORIGIN, cookie: cookieHeader(jar), ...(csrfToken === undefined ? {} : { 'x-csrf-token': csrfToken }) },
    });
  const notesWith = (token: string) => app.inject({ method: 'GET', url: '/api/notes', headers: bearer(token) });

  it('signed-not-encrypted: the access token is a JWT with readable claims, the refresh token a random value', async () => {
    const { body, jar } = await signInRefresh();
    expect(decodeJsonPart(body.token.split('.')[1]!)).toMatchObject({ sub: 'student', role: 'student', kind: 'refresh', exp: expect.any(Number) });
    const refreshToken = jar[COOKIE_NAMES.refresh]!;
    expect(refreshToken.split('.')).toHaveLength(1);
    expect(Buffer.from(refreshToken, 'base64url')).toHaveLength(32);
  });

  it('server-checks-every-request: the access token is checked by its signature alone, the row only at a refresh', async () => {
    const { body, jar } = await signInRefresh();
    const notes = await notesWith(body.token);
    expect(notes.statusCode).toBe(200);
    expect(notes.headers['server-timing']).toContain(SERVER_TIMING_METRICS.signature);
    expect(notes.headers['server-timing']).not.toContain(SERVER_TIMING_METRICS.storeRead);
    const renewed = await refresh(jar, body.csrfToken);
    expect(renewed.statusCode).toBe(200);
    expect(renewed.headers['server-timing']).toContain(SERVER_TIMING_METRICS.storeRead);
  });

  it('no-revocation: signing out stops every copy of the refresh token, while the access token works until its expiry', async () => {
    const { body, jar } = await signInRefresh();
    const copy = { ...jar };
    const out = await app.inject({ method: 'DELETE', url: '/api/auth/refresh', headers: { ...SAME_ORIGIN, cookie: cookieHeader(jar), 'x-csrf-token': body.csrfToken } });
    expect(out.statusCode).toBe(204);
    expect((await refresh(copy, body.csrfToken)).json().code).toBe(ErrorCode.SESSION_REVOKED);
    expect((await notesWith(body.token)).statusCode).toBe(200);
  });

  it('where-the-token-lives: the access token travels in the Authorization header, the refresh token in an httpOnly cookie for one route, which wants the CSRF token', async () => {
    const { body, jar, response } = await signInRefresh();
    expect(response.cookies.find((cookie) => cookie.name === COOKIE_NAMES.refresh)).toMatchObject({ httpOnly: true, path: REFRESH_COOKIE_PATH });
    expect((await notesWith(body.token)).statusCode).toBe(200);
    const forged = await refresh(jar);
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe(ErrorCode.CSRF_REJECTED);
  });

  it('exercise-expiry: once the access token has expired, a refresh still gets a new one', async () => {
    const { body, jar } = await signInRefresh();
    const { exp } = decodePayload(body.token) as { exp: number };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime((exp + CLOCK_TOLERANCE_SECONDS + 1) * 1000);
      expect((await notesWith(body.token)).json().code).toBe(ErrorCode.TOKEN_EXPIRED);
      const renewed = await refresh(jar, body.csrfToken);
      expect(renewed.statusCode).toBe(200);
      expect((await notesWith(renewed.json<{ token: string }>().token)).statusCode).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });

  it("forced-logout: a teacher's page lists a refresh sign-in; revoked, its access token still works and its next refresh is refused", async () => {
    const student = await signInRefresh('student');
    const teacher = await signIn(app, 'teacher');
    const rows = (await app.inject({ method: 'GET', url: '/api/admin/sessions', headers: bearer(teacher.token) })).json<{
      sessions: Array<{ id: string; kind: string; username: string }>;
    }>().sessions;
    // The access token names its sign-in (`sid`): the row of this family, among the others this file made.
    const { sid } = decodePayload(student.body.token) as { sid: string };
    const row = rows.find((candidate) => candidate.id === sid);
    expect(row).toMatchObject({ kind: 'refresh', username: 'student' });
    const ended = await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${row!.id}`, headers: bearer(teacher.token) });
    expect(ended.statusCode).toBe(204);
    expect((await notesWith(student.body.token)).statusCode).toBe(200);
    expect((await refresh(student.jar, student.body.csrfToken)).json().code).toBe(ErrorCode.SESSION_REVOKED);
  });
});

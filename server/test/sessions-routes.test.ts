/**
 * "My sessions" and the teacher's page: listing the session table, and every way a row gets revoked
 * (by its owner, one or all others; by a teacher, one or a whole user), plus whether sessions outlive the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, type SessionView } from '@session-lab/shared';
import { bearer, buildTestApp, signIn, signInWithCookie, type CookieSession } from './helpers.js';

const me = (app: FastifyInstance, session: CookieSession) =>
  app.inject({ method: 'GET', url: '/api/me', headers: { cookie: session.headers.cookie } });

describe('my sessions', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await buildTestApp();
  });
  afterEach(() => app.close());

  const list = (session: CookieSession) =>
    app.inject({ method: 'GET', url: '/api/sessions', headers: { cookie: session.headers.cookie } });

  it("lists the caller's own live table sessions, this one marked, with public ids that are not cookie values", async () => {
    const laptop = await signInWithCookie(app, 'session', 'student', { headers: { 'user-agent': 'Laptop browser' } });
    const phone = await signInWithCookie(app, 'hybrid', 'student', { headers: { 'user-agent': 'Phone browser' } });
    await signInWithCookie(app, 'session', 'teacher');
    await signInWithCookie(app, 'cookie-jwt', 'student');

    const response = await list(laptop);
    expect(response.statusCode).toBe(200);
    const sessions: SessionView[] = response.json().sessions;
    expect(sessions.map((s) => [s.kind, s.userAgent, s.current])).toEqual([
      ['session', 'Laptop browser', true],
      ['hybrid', 'Phone browser', false],
    ]);
    expect(sessions[0]).toEqual({
      id: expect.stringMatching(/^[\w-]{22}$/),
      kind: 'session',
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
      absoluteExpiresAt: expect.any(String),
      ip: '127.0.0.1',
      userAgent: 'Laptop browser',
      current: true,
    });
    for (const session of sessions) {
      expect(laptop.headers.cookie).not.toContain(session.id);
      expect(phone.headers.cookie).not.toContain(session.id);
    }
  });

  it('ends one other device, whose next request is refused with SESSION_REVOKED', async () => {
    const laptop = await signInWithCookie(app, 'session');
    const phone = await signInWithCookie(app, 'hybrid');
    const phoneId = (await list(laptop)).json().sessions[1].id;

    const response = await app.inject({ method: 'DELETE', url: `/api/sessions/${phoneId}`, headers: laptop.headers });
    expect(response.statusCode).toBe(204);
    expect((await me(app, phone)).json().code).toBe(ErrorCode.SESSION_REVOKED);
    expect((await me(app, laptop)).statusCode).toBe(200);
    expect(await app.sessionStore.findById(phoneId)).toMatchObject({ revokedBy: 'student', revokedReason: 'user' });
  });

  it("answers 404 for someone else's session, exactly as for one that does not exist, and ends nothing", async () => {
    const student = await signInWithCookie(app, 'session');
    const teacher = await signInWithCookie(app, 'session', 'teacher');
    const teachersId = (await list(teacher)).json().sessions[0].id;

    for (const id of [teachersId, 'AAAAAAAAAAAAAAAAAAAAAA']) {
      const response = await app.inject({ method: 'DELETE', url: `/api/sessions/${id}`, headers: student.headers });
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe(ErrorCode.SESSION_NOT_FOUND);
    }
    expect((await me(app, teacher)).statusCode).toBe(200);
  });

  it('ending this very session signs this browser out', async () => {
    const laptop = await signInWithCookie(app, 'session');
    const id = (await list(laptop)).json().sessions[0].id;
    const response = await app.inject({ method: 'DELETE', url: `/api/sessions/${id}`, headers: laptop.headers });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.every((cookie) => cookie.value === '')).toBe(true);
    expect((await me(app, laptop)).json().code).toBe(ErrorCode.SESSION_REVOKED);
  });

  it('"sign out everywhere else" ends every other session of the caller and keeps this one', async () => {
    const laptop = await signInWithCookie(app, 'session');
    const phone = await signInWithCookie(app, 'hybrid');
    const tablet = await signInWithCookie(app, 'session');
    const teacher = await signInWithCookie(app, 'session', 'teacher');

    const response = await app.inject({ method: 'DELETE', url: '/api/sessions', headers: laptop.headers });
    expect(response.json()).toEqual({ revoked: 2 });
    expect((await me(app, laptop)).statusCode).toBe(200);
    expect((await me(app, phone)).json().code).toBe(ErrorCode.SESSION_REVOKED);
    expect((await me(app, tablet)).json().code).toBe(ErrorCode.SESSION_REVOKED);
    expect((await me(app, teacher)).statusCode).toBe(200);
  });

  it('needs the CSRF token to end a session from a cookie session', async () => {
    const laptop = await signInWithCookie(app, 'session');
    const response = await app.inject({ method: 'DELETE', url: '/api/sessions', headers: { cookie: laptop.headers.cookie } });
    expect(response.json().code).toBe(ErrorCode.CSRF_REJECTED);
  });

  it('lets a bearer caller see and end their table sessions, though their own token is not among them', async () => {
    const laptop = await signInWithCookie(app, 'session');
    const { token } = await signIn(app);
    const listed = await app.inject({ method: 'GET', url: '/api/sessions', headers: bearer(token) });
    expect(listed.json().sessions.map((s: SessionView) => s.current)).toEqual([false]);
    const ended = await app.inject({ method: 'DELETE', url: '/api/sessions', headers: bearer(token) });
    expect(ended.json()).toEqual({ revoked: 1 });
    expect((await me(app, laptop)).json().code).toBe(ErrorCode.SESSION_REVOKED);
  });

  // A hybrid row's end is its token's `exp`, on the system clock, so this test runs on the real clock.
  it('shows a hybrid session ending with its token, which is also its absolute end', async () => {
    const phone = await signInWithCookie(app, 'hybrid');
    const response = await list(phone);
    const [row] = response.json().sessions as SessionView[];
    expect(row!.expiresAt).toBe(new Date(phone.body.expiresAt).toISOString());
    expect(row!.absoluteExpiresAt).toBe(row!.expiresAt);
  });
});

describe('when a listed session ends', () => {
  // A minute of idleness ends a `session`, two minutes after sign-in end it however active it is.
  const start = Date.parse('2030-01-01T00:00:00.000Z');
  const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
  let clock = start;
  let app: FastifyInstance;
  beforeEach(async () => {
    clock = start;
    app = await buildTestApp({ SESSION_IDLE_SECONDS: '60', SESSION_ABSOLUTE_SECONDS: '120' }, { now: () => clock });
  });
  afterEach(() => app.close());

  const ends = async (path: '/api/sessions' | '/api/admin/sessions', session: CookieSession, username: string) => {
    const response = await app.inject({ method: 'GET', url: path, headers: { cookie: session.headers.cookie } });
    const row = (response.json().sessions as Array<SessionView & { username?: string }>).find((s) => s.kind === 'session' && (s.username ?? username) === username)!;
    return { expiresAt: row.expiresAt, absoluteExpiresAt: row.absoluteExpiresAt };
  };

  it('shows a session ending at its idle deadline, which moves with each request, never past the absolute end', async () => {
    const laptop = await signInWithCookie(app, 'session');
    const teacher = await signInWithCookie(app, 'session', 'teacher');
    expect(await ends('/api/sessions', laptop, 'student')).toEqual({ expiresAt: at(60), absoluteExpiresAt: at(120) });
    expect(await ends('/api/admin/sessions', teacher, 'student')).toEqual({ expiresAt: at(60), absoluteExpiresAt: at(120) });

    // The listing is itself a request of the laptop's session, so it moves the idle deadline it shows.
    clock = start + 40_000;
    expect(await ends('/api/sessions', laptop, 'student')).toEqual({ expiresAt: at(100), absoluteExpiresAt: at(120) });

    // Active again at 70 s: idle would end it at 130 s, but the absolute lifetime ends it at 120 s.
    clock = start + 70_000;
    expect(await ends('/api/sessions', laptop, 'student')).toEqual({ expiresAt: at(120), absoluteExpiresAt: at(120) });
  });
});

describe("the teacher's session routes", () => {
  let app: FastifyInstance;
  let teacher: CookieSession;
  let student: CookieSession;
  beforeEach(async () => {
    app = await buildTestApp();
    teacher = await signInWithCookie(app, 'hybrid', 'teacher');
    student = await signInWithCookie(app, 'session', 'student');
  });
  afterEach(() => app.close());

  const adminList = (session: CookieSession) =>
    app.inject({ method: 'GET', url: '/api/admin/sessions', headers: { cookie: session.headers.cookie } });

  it('lists every live session with its username', async () => {
    const response = await adminList(teacher);
    expect(response.statusCode).toBe(200);
    expect(response.json().sessions.map((s: { username: string; kind: string; current: boolean }) => [s.username, s.kind, s.current])).toEqual([
      ['teacher', 'hybrid', true],
      ['student', 'session', false],
    ]);
  });

  it("ends a student's session; the student's next request is refused and the row stays, marked, for the audit", async () => {
    const id = (await adminList(teacher)).json().sessions[1].id;
    const response = await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${id}`, headers: teacher.headers });
    expect(response.statusCode).toBe(204);
    expect((await me(app, student)).json().code).toBe(ErrorCode.SESSION_REVOKED);
    expect(await app.sessionStore.findById(id)).toMatchObject({ username: 'student', revokedBy: 'teacher', revokedReason: 'admin' });
    expect((await adminList(teacher)).json().sessions).toHaveLength(1);
  });

  it('answers 404 for a session that is not live', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/admin/sessions/AAAAAAAAAAAAAAAAAAAAAA', headers: teacher.headers });
    expect(response.json().code).toBe(ErrorCode.SESSION_NOT_FOUND);
  });

  it('signs a user out everywhere (forced logout)', async () => {
    const phone = await signInWithCookie(app, 'hybrid', 'student');
    const response = await app.inject({ method: 'DELETE', url: '/api/admin/users/student/sessions', headers: teacher.headers });
    expect(response.json()).toEqual({ revoked: 2 });
    expect((await me(app, student)).json().code).toBe(ErrorCode.SESSION_REVOKED);
    expect((await me(app, phone)).json().code).toBe(ErrorCode.SESSION_REVOKED);
    expect((await me(app, teacher)).statusCode).toBe(200);
  });

  it.each([
    ['GET', '/api/admin/sessions'],
    ['DELETE', '/api/admin/sessions/AAAAAAAAAAAAAAAAAAAAAA'],
    ['DELETE', '/api/admin/users/teacher/sessions'],
  ] as const)('answers a student 403 FORBIDDEN on %s %s and changes nothing', async (method, url) => {
    const response = await app.inject({ method, url, headers: student.headers });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ statusCode: 403, code: ErrorCode.FORBIDDEN, message: expect.any(String) });
    expect((await me(app, teacher)).statusCode).toBe(200);
  });

  it('answers 401 to a caller without a session', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/admin/sessions' })).json().code).toBe(ErrorCode.TOKEN_MISSING);
  });
});

describe('sessions and a restart of the app', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'session-lab-restart-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it.each(['session', 'hybrid'] as const)('SQLite: a %s session survives a rebuilt app on the same file', async (kind) => {
    const env = { SESSION_STORE: 'sqlite', SESSION_DB_PATH: join(folder, 'sessions.sqlite') };
    const first = await buildTestApp(env);
    const session = await signInWithCookie(first, kind);
    await first.close();

    const second = await buildTestApp(env);
    try {
      const response = await me(second, session);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ username: 'student', kind });
    } finally {
      await second.close();
    }
  });

  it.each(['session', 'hybrid'] as const)('memory: a %s session dies with the app (SESSION_UNKNOWN)', async (kind) => {
    const first = await buildTestApp({ SESSION_STORE: 'memory' });
    const session = await signInWithCookie(first, kind);
    expect((await me(first, session)).statusCode).toBe(200);
    await first.close();

    const second = await buildTestApp({ SESSION_STORE: 'memory' });
    try {
      const response = await me(second, session);
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe(ErrorCode.SESSION_UNKNOWN);
    } finally {
      await second.close();
    }
  });
});

/**
 * The `refresh` kind: a short access token in the answer, a refresh token in a cookie only POST
 * /api/auth/refresh receives, rotation at every refresh, reuse detection that ends the whole family, the family's
 * idle and absolute limits (under an injected clock), the CSRF defence of the refresh route, and signing out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import {
  COOKIE_NAMES,
  ErrorCode,
  REFRESH_COOKIE_PATH,
  SERVER_TIMING_METRICS as M,
  type RefreshResponse,
} from '@session-lab/shared';
import {
  absorbCookies,
  bearer,
  buildTestApp,
  cookieHeader,
  decodePayload,
  forge,
  SAME_ORIGIN,
  signInWithCookie,
  signInWithRefresh,
  validClaims,
  type Jar,
  type RefreshSignIn,
} from './helpers.js';

const REFRESH = COOKIE_NAMES.refresh;

let app: FastifyInstance;
let clock = Date.now();
afterEach(() => app?.close());

async function start(env: Record<string, string> = {}) {
  clock = Date.now();
  app = await buildTestApp(env, { now: () => clock });
}

const signInRefresh = (username = 'student') => signInWithRefresh(app, username);

/** POST /api/auth/refresh as our page would send it: the browser's cookies, our origin, the CSRF token. */
function refresh(jar: Jar, csrfToken: string, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    headers: { ...SAME_ORIGIN, cookie: cookieHeader(jar), 'x-csrf-token': csrfToken, ...headers },
  });
}

/** Refreshes and keeps the new cookies, like a browser. */
async function refreshed(session: RefreshSignIn): Promise<RefreshResponse> {
  const response = await refresh(session.jar, session.body.csrfToken);
  expect(response.statusCode, response.body).toBe(200);
  absorbCookies(session.jar, response);
  return response.json<RefreshResponse>();
}

const codeOf = (response: { json: () => unknown }) => (response.json() as { code: string }).code;

describe('the refresh kind at sign-in', () => {
  it('answers an access token and keeps the refresh token in an httpOnly cookie sent only to the refresh route', async () => {
    await start();
    const { body, jar, response } = await signInRefresh();
    expect(body).toEqual({
      kind: 'refresh',
      token: expect.any(String),
      expiresAt: expect.any(String),
      refreshExpiresAt: expect.any(String),
      user: { username: 'student', role: 'student' },
      csrfToken: expect.any(String),
    });
    expect(jar[REFRESH]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.body).not.toContain(jar[REFRESH]);
    expect(response.cookies.find((c) => c.name === REFRESH)).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: REFRESH_COOKIE_PATH });
    // The access token is short; the family lasts far longer (REFRESH_IDLE_SECONDS from now).
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    expect(Date.parse(body.refreshExpiresAt)).toBe(clock + 1800 * 1000);
    expect(decodePayload(body.token)).toMatchObject({ kind: 'refresh', sid: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
  });

  it('accepts the access token like a bearer token, by its signature alone, without reading the session table', async () => {
    await start();
    const { body } = await signInRefresh('teacher');
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(body.token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ username: 'teacher', role: 'teacher', kind: 'refresh', expiresAt: body.expiresAt });
    const timing = String(response.headers['server-timing']);
    expect(timing).toContain(`${M.kind};desc=refresh`);
    expect(timing).not.toContain(M.storeRead);
  });

  it('refuses a refresh sign-in started from another origin, since it sets a cookie', async () => {
    await start();
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'student', password: 'student123', kind: 'refresh' },
      headers: { ...SAME_ORIGIN, origin: 'http://127.0.0.1:3001', 'sec-fetch-site': 'same-site' },
    });
    expect(response.statusCode).toBe(403);
    expect(codeOf(response)).toBe(ErrorCode.CSRF_REJECTED);
  });

  it('refuses an access token that claims the refresh kind without naming its family', async () => {
    await start();
    const token = forge({ payload: validClaims({ kind: 'refresh' }) });
    const response = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(codeOf(response)).toBe(ErrorCode.TOKEN_INVALID);
  });

  it('answers TOKEN_EXPIRED for an access token past its exp, which is what sets off a silent refresh', async () => {
    await start();
    const { body } = await signInRefresh();
    const sid = decodePayload(body.token).sid;
    const iat = Math.floor(Date.now() / 1000) - 120;
    const token = forge({ payload: validClaims({ kind: 'refresh', sid, iat, exp: iat + 60 }) });
    const response = await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(token) });
    expect(response.statusCode).toBe(401);
    expect(codeOf(response)).toBe(ErrorCode.TOKEN_EXPIRED);
  });
});

describe('POST /api/auth/refresh', () => {
  it('answers a new access token and rotates the refresh token in the cookie', async () => {
    await start();
    const session = await signInRefresh();
    const first = session.jar[REFRESH];
    clock += 10_000;
    const response = await refresh(session.jar, session.body.csrfToken);
    expect(response.statusCode).toBe(200);
    const body = response.json<RefreshResponse>();
    expect(body.token).not.toBe(session.body.token);
    expect(Date.parse(body.refreshExpiresAt)).toBe(clock + 1800 * 1000);
    absorbCookies(session.jar, response);
    expect(session.jar[REFRESH]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.jar[REFRESH]).not.toBe(first);
    expect(response.cookies.find((c) => c.name === REFRESH)).toMatchObject({ httpOnly: true, path: REFRESH_COOKIE_PATH });
    expect(String(response.headers['server-timing'])).toMatch(new RegExp(`${M.kind};desc=refresh.*${M.storeWrite}.*${M.outcome};desc=valid`));

    // The new refresh token works in turn; the new access token opens the API.
    expect((await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(body.token) })).statusCode).toBe(200);
    await refreshed(session);
  });

  it('keeps only hashes in the session table, never a refresh token', async () => {
    await start();
    const session = await signInRefresh();
    await refreshed(session);
    const [family] = await app.sessionStore.listLive({ username: 'student' }, clock);
    expect(family).toMatchObject({ kind: 'refresh' });
    expect(JSON.stringify(family)).not.toContain(session.jar[REFRESH]);
  });

  it('needs the CSRF token, and a refused request spends nothing', async () => {
    await start();
    const session = await signInRefresh();
    const other = await signInRefresh();
    const without = await app.inject({ method: 'POST', url: '/api/auth/refresh', headers: { ...SAME_ORIGIN, cookie: cookieHeader(session.jar) } });
    expect(without.statusCode).toBe(403);
    expect(codeOf(without)).toBe(ErrorCode.CSRF_REJECTED);
    // A CSRF token of another sign-in is worthless here.
    const wrong = await refresh(session.jar, other.body.csrfToken);
    expect(codeOf(wrong)).toBe(ErrorCode.CSRF_REJECTED);
    const foreign = await refresh(session.jar, session.body.csrfToken, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(codeOf(foreign)).toBe(ErrorCode.CSRF_REJECTED);
    // None of them rotated the token or set off reuse detection: the same token still refreshes.
    await refreshed(session);
  });

  it('answers TOKEN_MISSING without the cookie and SESSION_UNKNOWN for a token it never issued', async () => {
    await start();
    const missing = await app.inject({ method: 'POST', url: '/api/auth/refresh', headers: SAME_ORIGIN });
    expect(missing.statusCode).toBe(401);
    expect(codeOf(missing)).toBe(ErrorCode.TOKEN_MISSING);
    const made = await refresh({ [REFRESH]: 'A'.repeat(43) }, 'whatever');
    expect(codeOf(made)).toBe(ErrorCode.SESSION_UNKNOWN);
    const garbage = await refresh({ [REFRESH]: 'not-a-token' }, 'whatever');
    expect(codeOf(garbage)).toBe(ErrorCode.SESSION_UNKNOWN);
  });

  it('gives a reloaded page the CSRF token of its family on GET, changing nothing', async () => {
    await start();
    const session = await signInRefresh();
    const response = await app.inject({ method: 'GET', url: '/api/auth/refresh', headers: { cookie: cookieHeader(session.jar) } });
    expect(response.statusCode).toBe(200);
    const { csrfToken } = response.json<{ csrfToken: string }>();
    absorbCookies(session.jar, response);
    const next = await refresh(session.jar, csrfToken);
    expect(next.statusCode).toBe(200);
  });
});

describe('reuse detection', () => {
  it('revokes the whole family when a rotated refresh token comes back: the thief and the user are both out', async () => {
    await start();
    const user = await signInRefresh();
    const stolen: Jar = { ...user.jar };
    await refreshed(user);

    clock += 1000;
    const thief = await refresh(stolen, user.body.csrfToken);
    expect(thief.statusCode).toBe(401);
    expect(codeOf(thief)).toBe(ErrorCode.REFRESH_TOKEN_REUSED);
    expect(String(thief.headers['server-timing'])).toContain(`${M.outcome};desc=reused`);
    // The cookie is left alone: whichever browser gets this answer is told the same thing next time.
    expect(thief.cookies.find((c) => c.name === REFRESH)).toBeUndefined();

    // The user's own, current token is refused too, and says why.
    const victim = await refresh(user.jar, user.body.csrfToken);
    expect(codeOf(victim)).toBe(ErrorCode.REFRESH_TOKEN_REUSED);
    expect(await app.sessionStore.listLive({ username: 'student' }, clock)).toEqual([]);
  });

  it('also catches the thief who refreshes first: the user coming back with the spent token ends the family', async () => {
    await start();
    const user = await signInRefresh();
    const thiefJar: Jar = { ...user.jar };
    const thief = await refresh(thiefJar, user.body.csrfToken);
    expect(thief.statusCode).toBe(200);
    absorbCookies(thiefJar, thief);

    expect(codeOf(await refresh(user.jar, user.body.csrfToken))).toBe(ErrorCode.REFRESH_TOKEN_REUSED);
    expect(codeOf(await refresh(thiefJar, user.body.csrfToken))).toBe(ErrorCode.REFRESH_TOKEN_REUSED);
  });

  it('treats the same token sent twice at once as reuse: there is no grace period', async () => {
    await start();
    const user = await signInRefresh();
    const [one, two] = await Promise.all([refresh(user.jar, user.body.csrfToken), refresh(user.jar, user.body.csrfToken)]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([200, 401]);
    expect(codeOf(one.statusCode === 401 ? one : two)).toBe(ErrorCode.REFRESH_TOKEN_REUSED);
    absorbCookies(user.jar, one.statusCode === 200 ? one : two);
    expect(codeOf(await refresh(user.jar, user.body.csrfToken))).toBe(ErrorCode.REFRESH_TOKEN_REUSED);
  });

  it("records the incident for the teacher's page, and lets the access token live until its exp", async () => {
    await start();
    const user = await signInRefresh();
    const stolen: Jar = { ...user.jar };
    const { token } = await refreshed(user);
    clock += 5000;
    await refresh(stolen, user.body.csrfToken);

    const teacher = await signInWithCookie(app, 'session', 'teacher', { headers: SAME_ORIGIN });
    const incidents = await app.inject({ method: 'GET', url: '/api/admin/refresh-reuse', headers: { cookie: teacher.headers.cookie } });
    expect(incidents.statusCode).toBe(200);
    expect(incidents.json()).toEqual({
      incidents: [
        {
          id: decodePayload(token).sid,
          username: 'student',
          createdAt: expect.any(String),
          lastSeenAt: expect.any(String),
          detectedAt: new Date(clock).toISOString(),
          ip: '127.0.0.1',
          userAgent: 'lightMyRequest',
        },
      ],
    });
    // Stateless: the access token already handed out is not looked up, so it works until its short exp.
    expect((await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(token) })).statusCode).toBe(200);

    const student = await app.inject({ method: 'GET', url: '/api/admin/refresh-reuse', headers: bearer(token) });
    expect(student.statusCode).toBe(403);
  });
});

describe('the family limits', () => {
  it('ends a family left without a refresh for REFRESH_IDLE_SECONDS, and each refresh restarts that count', async () => {
    await start({ REFRESH_IDLE_SECONDS: '60', REFRESH_ABSOLUTE_SECONDS: '600' });
    const session = await signInRefresh();
    clock += 59_000;
    await refreshed(session);
    clock += 59_000;
    await refreshed(session);
    clock += 60_000;
    const late = await refresh(session.jar, session.body.csrfToken);
    expect(late.statusCode).toBe(401);
    expect(codeOf(late)).toBe(ErrorCode.SESSION_EXPIRED);
    expect(late.cookies.find((c) => c.name === REFRESH)?.value).toBe('');
  });

  it('ends a family REFRESH_ABSOLUTE_SECONDS after sign-in however often it is refreshed', async () => {
    await start({ REFRESH_IDLE_SECONDS: '60', REFRESH_ABSOLUTE_SECONDS: '120' });
    const session = await signInRefresh();
    clock += 50_000;
    await refreshed(session);
    clock += 50_000;
    const last = await refreshed(session);
    // Never later than the absolute end, whatever the idle timeout would allow.
    expect(Date.parse(last.refreshExpiresAt)).toBe(clock - 100_000 + 120_000);
    clock += 20_000;
    expect(codeOf(await refresh(session.jar, session.body.csrfToken))).toBe(ErrorCode.SESSION_EXPIRED);
  });
});

describe('signing out of a refresh session', () => {
  it('revokes the family with DELETE /api/auth/refresh, so no copy of the refresh token can renew it', async () => {
    await start();
    const session = await signInRefresh();
    const copy: Jar = { ...session.jar };
    const response = await app.inject({
      method: 'DELETE',
      url: '/api/auth/refresh',
      headers: { ...SAME_ORIGIN, cookie: cookieHeader(session.jar), 'x-csrf-token': session.body.csrfToken },
    });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === REFRESH)).toMatchObject({ value: '', path: REFRESH_COOKIE_PATH });
    const again = await refresh(copy, session.body.csrfToken);
    expect(codeOf(again)).toBe(ErrorCode.SESSION_REVOKED);
  });

  it('needs the CSRF token to sign out, so another site cannot end the family', async () => {
    await start();
    const session = await signInRefresh();
    const response = await app.inject({ method: 'DELETE', url: '/api/auth/refresh', headers: { ...SAME_ORIGIN, cookie: cookieHeader(session.jar) } });
    expect(response.statusCode).toBe(403);
    await refreshed(session);
  });

  it('revokes the family on POST /api/auth/logout with the access token, and clears the refresh cookie', async () => {
    await start();
    const session = await signInRefresh();
    const response = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(session.body.token) });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === REFRESH)).toMatchObject({ value: '', path: REFRESH_COOKIE_PATH });
    expect(codeOf(await refresh(session.jar, session.body.csrfToken))).toBe(ErrorCode.SESSION_REVOKED);
  });

  it("lists the family in my sessions, and a teacher's forced logout stops its next refresh", async () => {
    await start();
    const session = await signInRefresh();
    const mine = await app.inject({ method: 'GET', url: '/api/sessions', headers: bearer(session.body.token) });
    const [row] = mine.json<{ sessions: Array<{ id: string; kind: string; current: boolean }> }>().sessions;
    expect(row).toMatchObject({ kind: 'refresh', current: true });

    const teacher = await signInWithCookie(app, 'session', 'teacher', { headers: SAME_ORIGIN });
    const ended = await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${row!.id}`, headers: { ...SAME_ORIGIN, ...teacher.headers } });
    expect(ended.statusCode).toBe(204);
    expect(codeOf(await refresh(session.jar, session.body.csrfToken))).toBe(ErrorCode.SESSION_REVOKED);
  });
});

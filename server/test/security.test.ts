/**
 * Hostile input, in one table: forged, tampered, malformed and oversized tokens and session cookies, hostile
 * sign-in bodies, hostile parameters for the session routes, and brute force. Each row states the status and the code the server must answer with, and after every row a
 * genuine token must still work, proving that no input left the server broken or confused.
 */
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse as InjectResponse } from 'fastify';
import { ErrorCode, TOKEN_MAX_LENGTH } from '@session-lab/shared';
import { b64url, bearer, buildTestApp, forge, nowSeconds, signIn, validClaims } from './helpers.js';

/** A request to a protected route with this Cookie header. */
const withCookie = (cookie: string): InjectOptions => ({ method: 'GET', url: '/api/me', headers: { cookie } });

/** A request made with a genuine bearer session of `username`, signed in on the spot. */
const asUser = (username: string, request: InjectOptions) => async (app: FastifyInstance) =>
  app.inject({ ...request, headers: { ...(request.headers ?? {}), ...bearer((await signIn(app, username)).token) } });

const OTHER_KEY = 'Zx8Wq3Lm6Rt1Yp4Kd7Nf0Hj2Gb5Vc9Se-not-our-key';

/** A request to a protected route with this Authorization header (or none). */
const withAuthorization = (authorization?: string): InjectOptions => ({
  method: 'GET',
  url: '/api/me',
  headers: authorization === undefined ? {} : { authorization },
});
const withToken = (token: string) => withAuthorization(`Bearer ${token}`);

/** A sign-in request with a raw body and content type. */
const loginRaw = (body: string, contentType = 'application/json', remoteAddress?: string): InjectOptions => ({
  method: 'POST',
  url: '/api/auth/login',
  payload: body,
  headers: { 'content-type': contentType },
  ...(remoteAddress === undefined ? {} : { remoteAddress }),
});
const login = (body: unknown, remoteAddress?: string) => loginRaw(JSON.stringify(body), 'application/json', remoteAddress);

/** A genuine token of ours with one part replaced. */
function withParts(parts: { header?: string; payload?: string; signature?: string }): string {
  const [header, payload, signature] = forge().split('.');
  return [parts.header ?? header, parts.payload ?? payload, parts.signature ?? signature].join('.');
}

const past = nowSeconds() - 3600;

interface HostileCase {
  name: string;
  /** The request, or a script of requests whose last answer is the one judged. */
  send: InjectOptions | ((app: FastifyInstance) => Promise<InjectResponse>);
  status: number;
  code: ErrorCode;
  /** The credential was a cookie: a 401 then carries the bare challenge, since no bearer token was refused. */
  viaCookie?: boolean;
}

/** Sends `count` failing sign-ins, then `last`, and returns the answer to `last`. */
const afterFailures = (count: number, failing: (i: number) => InjectOptions, last: InjectOptions) =>
  async (app: FastifyInstance) => {
    for (let i = 0; i < count; i += 1) {
      const response = await app.inject(failing(i));
      if (response.statusCode !== 401) throw new Error(`setup attempt ${i} got ${response.statusCode}`);
    }
    return app.inject(last);
  };

const TOKEN_MISSING = { status: 401, code: ErrorCode.TOKEN_MISSING } as const;
const TOKEN_INVALID = { status: 401, code: ErrorCode.TOKEN_INVALID } as const;
const VALIDATION = { status: 400, code: ErrorCode.VALIDATION_FAILED } as const;
const INVALID_JSON = { status: 400, code: ErrorCode.INVALID_JSON } as const;
const BAD_CREDENTIALS = { status: 401, code: ErrorCode.INVALID_CREDENTIALS } as const;
const THROTTLED = { status: 429, code: ErrorCode.TOO_MANY_ATTEMPTS } as const;

const cases: HostileCase[] = [
  // Missing or not a bearer token at all.
  { name: 'no Authorization header', send: withAuthorization(), ...TOKEN_MISSING },
  { name: 'Basic credentials instead of a token', send: withAuthorization('Basic c3R1ZGVudDpzdHVkZW50MTIz'), ...TOKEN_MISSING },
  { name: 'the word Bearer alone', send: withAuthorization('Bearer'), ...TOKEN_MISSING },
  { name: 'Bearer followed only by spaces', send: withAuthorization('Bearer     '), ...TOKEN_MISSING },

  // Malformed tokens, refused before parsing.
  { name: 'a word instead of a token', send: withToken('letmein'), ...TOKEN_INVALID },
  { name: 'two parts only', send: withToken(forge().split('.').slice(0, 2).join('.')), ...TOKEN_INVALID },
  { name: 'four parts', send: withToken(`${forge()}.AAAA`), ...TOKEN_INVALID },
  { name: 'three empty parts', send: withToken('..'), ...TOKEN_INVALID },
  { name: 'a space inside the token', send: withToken(forge().replace('.', ' .')), ...TOKEN_INVALID },
  { name: 'percent-encoded characters', send: withToken(`${forge()}%00`), ...TOKEN_INVALID },
  { name: 'a signature with = padding', send: withToken(`${forge()}=`), ...TOKEN_INVALID },
  { name: 'a signature in standard base64 (+ and /)', send: withToken(withParts({ signature: 'ab+cd/ef' })), ...TOKEN_INVALID },
  { name: 'the signature stripped off', send: withToken(withParts({ signature: '' })), ...TOKEN_INVALID },
  { name: `a token one character over ${TOKEN_MAX_LENGTH}`, send: withToken(`${'a'.repeat(TOKEN_MAX_LENGTH - 4)}.b.c`), ...TOKEN_INVALID },
  { name: 'a 12 KB token', send: withToken(`${'a'.repeat(12_000)}.b.c`), ...TOKEN_INVALID },
  {
    name: 'a genuinely signed token that is too long',
    send: withToken(forge({ payload: validClaims({ padding: 'x'.repeat(TOKEN_MAX_LENGTH) }) })),
    ...TOKEN_INVALID,
  },

  // Broken JSON inside well-formed parts.
  { name: 'a header that is not JSON', send: withToken(withParts({ header: b64url('{alg:HS256') })), ...TOKEN_INVALID },
  { name: 'a header that is a JSON array', send: withToken(forge({ header: ['HS256'] as unknown as Record<string, unknown> })), ...TOKEN_INVALID },
  { name: 'a payload that is not JSON', send: withToken(forge({ payload: 'sub=student;role=teacher' })), ...TOKEN_INVALID },
  { name: 'a payload that is a JSON array', send: withToken(forge({ payload: JSON.stringify([validClaims()]) })), ...TOKEN_INVALID },
  { name: 'a payload that is JSON null', send: withToken(forge({ payload: 'null' })), ...TOKEN_INVALID },

  // Forged: the wrong key or an algorithm we do not allow.
  { name: 'signed with another key', send: withToken(forge({ key: OTHER_KEY })), ...TOKEN_INVALID },
  { name: 'alg none without a signature', send: withToken(`${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify(validClaims()))}.`), ...TOKEN_INVALID },
  { name: 'alg none with a signature', send: withToken(forge({ header: { alg: 'none', typ: 'JWT' } })), ...TOKEN_INVALID },
  { name: 'alg "None" in another case', send: withToken(forge({ header: { alg: 'None', typ: 'JWT' } })), ...TOKEN_INVALID },
  { name: 'HS512 with our own key', send: withToken(forge({ signWith: 'HS512' })), ...TOKEN_INVALID },
  { name: 'HS384 with our own key', send: withToken(forge({ signWith: 'HS384' })), ...TOKEN_INVALID },
  { name: 'RS256 in the header, HMAC with our key as the "public key"', send: withToken(forge({ header: { alg: 'RS256', typ: 'JWT' } })), ...TOKEN_INVALID },
  { name: 'an unknown critical header', send: withToken(forge({ header: { alg: 'HS256', typ: 'JWT', crit: ['x-policy'], 'x-policy': 1 } })), ...TOKEN_INVALID },

  // Tampered: a genuine token with something changed after signing.
  {
    name: 'the role rewritten to teacher',
    send: withToken(withParts({ payload: b64url(JSON.stringify(validClaims({ role: 'teacher' }))) })),
    ...TOKEN_INVALID,
  },
  {
    name: 'the expiry pushed a day ahead',
    send: withToken(withParts({ payload: b64url(JSON.stringify(validClaims({ exp: nowSeconds() + 86_400 }))) })),
    ...TOKEN_INVALID,
  },
  { name: 'a key id slipped into the header', send: withToken(withParts({ header: b64url('{"alg":"HS256","typ":"JWT","kid":"../../dev/null"}') })), ...TOKEN_INVALID },

  // Claims we would never issue, even when signed with our key.
  { name: 'expired an hour ago', send: withToken(forge({ payload: validClaims({ iat: past - 60, exp: past }) })), status: 401, code: ErrorCode.TOKEN_EXPIRED },
  { name: 'expired and signed with another key', send: withToken(forge({ key: OTHER_KEY, payload: validClaims({ iat: past - 60, exp: past }) })), ...TOKEN_INVALID },
  { name: 'no exp at all', send: withToken(forge({ payload: validClaims({ exp: undefined }) })), ...TOKEN_INVALID },
  { name: 'exp as a string', send: withToken(forge({ payload: validClaims({ exp: String(nowSeconds() + 60) }) })), ...TOKEN_INVALID },
  { name: 'nbf in the future', send: withToken(forge({ payload: validClaims({ nbf: nowSeconds() + 600 }) })), ...TOKEN_INVALID },
  { name: 'iat in the future', send: withToken(forge({ payload: validClaims({ iat: nowSeconds() + 600, exp: nowSeconds() + 660 }) })), ...TOKEN_INVALID },
  { name: 'another issuer', send: withToken(forge({ payload: validClaims({ iss: 'evil-api' }) })), ...TOKEN_INVALID },
  { name: 'no issuer', send: withToken(forge({ payload: validClaims({ iss: undefined }) })), ...TOKEN_INVALID },
  { name: 'another audience', send: withToken(forge({ payload: validClaims({ aud: 'other-app' }) })), ...TOKEN_INVALID },
  { name: 'an audience list', send: withToken(forge({ payload: validClaims({ aud: ['session-lab-spa', 'other-app'] }) })), ...TOKEN_INVALID },
  { name: 'no subject', send: withToken(forge({ payload: validClaims({ sub: undefined }) })), ...TOKEN_INVALID },
  { name: 'a numeric subject', send: withToken(forge({ payload: validClaims({ sub: 42 }) })), ...TOKEN_INVALID },
  { name: 'the role admin', send: withToken(forge({ payload: validClaims({ role: 'admin' }) })), ...TOKEN_INVALID },
  { name: 'no jti', send: withToken(forge({ payload: validClaims({ jti: undefined }) })), ...TOKEN_INVALID },

  // Hostile sign-in bodies.
  { name: 'password as a number (no coercion)', send: login({ username: 'student', password: 123 }), ...VALIDATION },
  { name: 'a NoSQL operator as password', send: login({ username: 'student', password: { $ne: null } }), ...VALIDATION },
  { name: 'username as an array', send: login({ username: ['student', 'teacher'], password: 'student123' }), ...VALIDATION },
  { name: 'an extra role field', send: login({ username: 'student', password: 'student123', role: 'teacher' }), ...VALIDATION },
  { name: 'a plain "constructor" field', send: login({ username: 'student', password: 'student123', constructor: 'x' }), ...VALIDATION },
  { name: 'a 200-character username', send: login({ username: 'u'.repeat(200), password: 'x' }), ...VALIDATION },
  { name: 'ttlSeconds of a billion', send: login({ username: 'student', password: 'student123', ttlSeconds: 1e9 }), ...VALIDATION },
  { name: 'a negative ttlSeconds', send: login({ username: 'student', password: 'student123', ttlSeconds: -1 }), ...VALIDATION },
  { name: 'JSON null as the body', send: loginRaw('null'), ...VALIDATION },
  { name: 'a JSON string as the body', send: loginRaw('"student"'), ...VALIDATION },
  { name: 'deeply nested arrays as username', send: loginRaw(`{"username":${'['.repeat(300)}${']'.repeat(300)},"password":"x"}`), ...VALIDATION },
  { name: 'a __proto__ key', send: loginRaw('{"username":"student","password":"x","__proto__":{"isAdmin":true}}'), ...INVALID_JSON },
  { name: 'a constructor.prototype key', send: loginRaw('{"username":"student","password":"x","constructor":{"prototype":{"isAdmin":true}}}'), ...INVALID_JSON },
  { name: 'truncated JSON', send: loginRaw('{"username":"student","password":"stu'), ...INVALID_JSON },
  { name: 'an empty JSON body', send: loginRaw(''), ...INVALID_JSON },
  { name: 'a text/plain body', send: loginRaw('{"username":"student","password":"student123"}', 'text/plain'), status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
  { name: 'a form-encoded body', send: loginRaw('username=student&password=student123', 'application/x-www-form-urlencoded'), status: 415, code: ErrorCode.UNSUPPORTED_MEDIA_TYPE },
  { name: 'a 100 KB body', send: login({ username: 'student', password: 'x'.repeat(100_000) }), status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE },
  { name: 'SQL injection in the username', send: login({ username: "' OR '1'='1' --", password: 'x' }), ...BAD_CREDENTIALS },
  { name: 'a NUL byte after a real username', send: login({ username: 'student\u0000', password: 'student123' }), ...BAD_CREDENTIALS },
  { name: 'a username of __proto__', send: login({ username: '__proto__', password: 'student123' }), ...BAD_CREDENTIALS },

  // Hostile session cookies.
  { name: 'a session cookie that is a word', send: withCookie('sl_session=letmein'), status: 401, code: ErrorCode.SESSION_UNKNOWN, viaCookie: true },
  { name: 'a session cookie of 4000 characters', send: withCookie(`sl_session=${'A'.repeat(4000)}`), status: 401, code: ErrorCode.SESSION_UNKNOWN, viaCookie: true },
  { name: 'a well-shaped session id nobody issued', send: withCookie(`sl_session=${'B'.repeat(43)}`), status: 401, code: ErrorCode.SESSION_UNKNOWN, viaCookie: true },
  { name: 'a session cookie with broken percent-encoding', send: withCookie('sl_session=%E0%A4%A'), status: 401, code: ErrorCode.SESSION_UNKNOWN, viaCookie: true },
  { name: 'SQL in a session cookie', send: withCookie("sl_session=' OR '1'='1"), status: 401, code: ErrorCode.SESSION_UNKNOWN, viaCookie: true },
  { name: 'an empty session cookie', send: withCookie('sl_session='), ...TOKEN_MISSING },
  { name: 'a hybrid cookie that is a word', send: withCookie('sl_hybrid=letmein'), ...TOKEN_INVALID, viaCookie: true },
  { name: 'a JWT cookie of 12 KB', send: withCookie(`sl_jwt=${'a'.repeat(12_000)}.b.c`), ...TOKEN_INVALID, viaCookie: true },
  { name: 'a bearer token in the hybrid cookie', send: withCookie(`sl_hybrid=${forge()}`), ...TOKEN_INVALID, viaCookie: true },
  { name: 'a hybrid token never recorded in the table', send: withCookie(`sl_hybrid=${forge({ payload: validClaims({ kind: 'hybrid' }) })}`), status: 401, code: ErrorCode.SESSION_UNKNOWN, viaCookie: true },
  { name: 'a hybrid token sent as a bearer token', send: withToken(forge({ payload: validClaims({ kind: 'hybrid' }) })), ...TOKEN_INVALID },
  { name: 'a token with an unknown kind', send: withToken(forge({ payload: validClaims({ kind: 'session' }) })), ...TOKEN_INVALID },
  { name: 'a token without a kind', send: withToken(forge({ payload: validClaims({ kind: undefined }) })), ...TOKEN_INVALID },

  // Hostile input to the session routes.
  { name: 'kind "admin" at sign-in', send: login({ username: 'student', password: 'student123', kind: 'admin' }), ...VALIDATION },
  { name: 'kind as a number at sign-in', send: login({ username: 'student', password: 'student123', kind: 1 }), ...VALIDATION },
  { name: 'kind as an array at sign-in', send: login({ username: 'student', password: 'student123', kind: ['session'] }), ...VALIDATION },
  { name: 'a session id that is too short', send: asUser('student', { method: 'DELETE', url: '/api/sessions/abc' }), ...VALIDATION },
  { name: 'SQL as a session id', send: asUser('student', { method: 'DELETE', url: `/api/sessions/${encodeURIComponent("x' OR '1'='1")}` }), ...VALIDATION },
  { name: 'a path traversal as a session id', send: asUser('teacher', { method: 'DELETE', url: '/api/admin/sessions/..%2F..%2Fetc%2Fpasswd' }), ...VALIDATION },
  { name: 'a 65-character username to sign out', send: asUser('teacher', { method: 'DELETE', url: `/api/admin/users/${'u'.repeat(65)}/sessions` }), ...VALIDATION },
  // Fastify refuses a path parameter over 100 characters before routing, as 414 URI Too Long.
  { name: 'a 200-character username to sign out', send: asUser('teacher', { method: 'DELETE', url: `/api/admin/users/${'u'.repeat(200)}/sessions` }), status: 414, code: ErrorCode.BAD_REQUEST },
  { name: 'a student on the teachers\' list', send: asUser('student', { method: 'GET', url: '/api/admin/sessions' }), status: 403, code: ErrorCode.FORBIDDEN },
  { name: 'the teachers\' list without a session', send: { method: 'GET', url: '/api/admin/sessions' }, ...TOKEN_MISSING },
  { name: 'a CSRF token for a bearer session', send: asUser('student', { method: 'GET', url: '/api/auth/csrf' }), status: 400, code: ErrorCode.BAD_REQUEST },
  { name: 'a 100 KB body to sign out', send: { method: 'POST', url: '/api/auth/logout', payload: { x: 'x'.repeat(100_000) } }, status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE },

  // Brute force.
  {
    name: 'a fourth guess at one account',
    send: afterFailures(3, () => login({ username: 'teacher', password: 'guess' }, '192.0.2.1'), login({ username: 'teacher', password: 'guess' }, '192.0.2.1')),
    ...THROTTLED,
  },
  {
    name: 'the right password from an address throttled for that account',
    send: afterFailures(3, () => login({ username: 'student', password: 'guess' }, '192.0.2.2'), login({ username: 'student', password: 'student123' }, '192.0.2.2')),
    ...THROTTLED,
  },
  {
    name: 'guessing at an account that does not exist',
    send: afterFailures(3, () => login({ username: 'ghost', password: 'guess' }, '192.0.2.3'), login({ username: 'ghost', password: 'guess' }, '192.0.2.3')),
    ...THROTTLED,
  },
  {
    name: 'one address spraying one password over many accounts',
    send: afterFailures(10, (i) => login({ username: `user${i}`, password: 'Summer2025!' }, '192.0.2.4'), login({ username: 'user99', password: 'Summer2025!' }, '192.0.2.4')),
    ...THROTTLED,
  },
];

describe('hostile input', () => {
  let app: FastifyInstance;
  let genuine: string;
  beforeAll(async () => {
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '3', LOGIN_MAX_FAILURES_PER_IP: '10' });
    genuine = (await signIn(app, 'teacher')).token;
  });
  afterAll(() => app.close());

  it(`covers at least 35 cases (has ${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    expect(new Set(cases.map((row) => row.name)).size).toBe(cases.length);
  });

  it.each(cases)('$name → $status $code', async ({ send, status, code, viaCookie = false }) => {
    const response = typeof send === 'function' ? await send(app) : await app.inject(send);
    expect({ status: response.statusCode, body: response.json() }).toEqual({
      status,
      body: { statusCode: status, code, message: expect.any(String) },
    });

    if (status === 401 && code !== ErrorCode.INVALID_CREDENTIALS) {
      const challenge = response.headers['www-authenticate'];
      expect(challenge).toMatch(/^Bearer realm="session-lab"/);
      expect(String(challenge).includes('error="invalid_token"')).toBe(!viaCookie && code !== ErrorCode.TOKEN_MISSING);
    }
    if (status === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);

    // The server is unharmed: a genuine token still works.
    const check = await app.inject({ method: 'GET', url: '/api/me', headers: bearer(genuine) });
    expect(check.statusCode).toBe(200);
    expect(check.json().username).toBe('teacher');
  });
});

describe('limits that only a real socket exercises', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(() => app.close());

  /** Sends raw bytes and collects whatever comes back until the server closes the connection. */
  const rawRequest = (request: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('close', () => resolve(answer));
      socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(answer) : reject(error)));
      socket.end(request);
    });

  it('answers an oversized header with 431 instead of crashing, and keeps serving', async () => {
    // inject() hands requests to Fastify directly, skipping Node's HTTP parser and its 16 KiB header limit.
    const answer = await rawRequest(`GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
  });

  it('answers garbage instead of HTTP with 400 and keeps serving', async () => {
    const answer = await rawRequest('HELLO THERE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
  });

  it('verifies a real token over a real connection', async () => {
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'student', password: 'student123' }),
    });
    const { token } = (await login.json()) as { token: string };
    const me = await fetch(`http://127.0.0.1:${port}/api/me`, { headers: bearer(token) });
    expect(me.status).toBe(200);
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  let app: FastifyInstance;
  afterEach(() => app?.close());

  const guessVia = (forwardedFor: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'teacher', password: 'guess' },
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': forwardedFor },
    });

  it("counts each client behind the proxy by its own address when the proxy is trusted", async () => {
    app = await buildTestApp({ TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '2' });
    await guessVia('203.0.113.1');
    await guessVia('203.0.113.1');
    expect((await guessVia('203.0.113.1')).statusCode).toBe(429);
    // Another student behind the same proxy is not locked out by the first one's guesses.
    expect((await guessVia('203.0.113.2')).statusCode).toBe(401);
  });

  it('ignores X-Forwarded-For by default, so a client cannot pick the address it is counted under', async () => {
    app = await buildTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '2' });
    await guessVia('203.0.113.1');
    await guessVia('203.0.113.2');
    expect((await guessVia('203.0.113.3')).statusCode).toBe(429);
  });
});

/**
 * What the server tests share: a fast configuration, an app builder, and a way to forge tokens by hand.
 *
 * Tokens are forged with node:crypto directly rather than with a JWT library, because a library would refuse
 * to produce most of the broken tokens these tests need (no `exp`, `alg: none`, a padded signature…).
 */
import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { expect } from 'vitest';
import { encodeBase64Url, TOKEN_AUDIENCE, TOKEN_ISSUER, type BearerLoginResponse, type CookieKind, type CookieLoginResponse, type RefreshLoginResponse } from '@session-lab/shared';
import type { FastifyInstance, LightMyRequestResponse as InjectResponse } from 'fastify';
import { buildApp, type BuildAppOptions } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
// Brings the plugin's `declare module 'fastify'` into the tests, so they can reach `app.sessionStore`.
import type {} from '../src/plugins/session-store.js';

/** A key that passes the secret checks; random-looking, and used only by tests. */
export const TEST_SECRET = 'q7Vn2xK9pL4mR8sT1wY6zB3cF5hJ0dGeNaUoIiXyQk';

/**
 * The configuration every test starts from. SCRYPT_COST is the lowest the server accepts, so a hash takes a
 * millisecond or two instead of half a second; sessions live in memory, so no test ever writes to the real
 * data folder (tests of the SQLite store pass a temporary SESSION_DB_PATH); everything else is the real default.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ JWT_SECRET: TEST_SECRET, SCRYPT_COST: '1024', LOG_LEVEL: 'silent', NODE_ENV: 'test', SESSION_STORE: 'memory', ...env });
}

/** A client build folder that does not exist, so the SPA plugin serves its placeholder. */
export const NO_CLIENT_BUILD = '/nonexistent/session-lab/client/dist';

export function buildTestApp(env: Record<string, string> = {}, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  return buildApp(testConfig(env), { clientDist: NO_CLIENT_BUILD, ...options });
}

export async function signIn(
  app: FastifyInstance,
  username = 'student',
  password = `${username}123`,
  extra: Record<string, unknown> = {},
): Promise<BearerLoginResponse> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return response.json<BearerLoginResponse>();
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const b64url = (value: string | Buffer): string => encodeBase64Url(Buffer.from(value));

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** The claims of a bearer token this server would issue right now to the student. */
export function validClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = nowSeconds();
  return {
    sub: 'student',
    role: 'student',
    iat,
    exp: iat + 60,
    jti: '5d4a3f0e-8f83-4c5e-9d53-5a1c2b7d9e10',
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    kind: 'bearer',
    ...overrides,
  };
}

const HMAC = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

export interface ForgeOptions {
  header?: Record<string, unknown>;
  /** The payload; a string is used as the raw JSON text, so tests can send arrays, null or non-JSON. */
  payload?: Record<string, unknown> | string;
  key?: string;
  /** Which HMAC computes the signature, whatever the header says. */
  signWith?: keyof typeof HMAC;
}

/** Builds a compact JWS by hand: base64url(header).base64url(payload).HMAC(key, first two parts). */
export function forge({ header, payload, key = TEST_SECRET, signWith = 'HS256' }: ForgeOptions = {}): string {
  const head = b64url(JSON.stringify(header ?? { alg: signWith, typ: 'JWT' }));
  const body = b64url(typeof payload === 'string' ? payload : JSON.stringify(payload ?? validClaims()));
  const signature = createHmac(HMAC[signWith], key).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

export function decodePayload(token: string): Record<string, unknown> {
  const [, payload = ''] = token.split('.');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A writable stream that keeps every log line, so a test can read what the server logged. */
export function logCollector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

/** A browser's cookie jar, as far as these tests need one: name → value. */
export type Jar = Record<string, string>;

/**
 * Applies a response's Set-Cookie headers to `jar`. A cookie that is being cleared (an empty value, expiry at
 * the epoch, Max-Age=0) is removed; other expiry dates are left alone, because tests that move the server's
 * clock would otherwise see their cookies expire by the real one.
 */
export function absorbCookies(jar: Jar, response: InjectResponse): Jar {
  for (const cookie of response.cookies as Array<{ name: string; value: string; expires?: Date; maxAge?: number }>) {
    const gone = cookie.value === '' || cookie.expires?.getTime() === 0 || cookie.maxAge === 0;
    if (gone) delete jar[cookie.name];
    else jar[cookie.name] = cookie.value;
  }
  return jar;
}

export const cookieHeader = (jar: Jar): string =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

/** The headers of a request from one of our own pages: the origin the CSRF plugin's origin check expects. */
export const SAME_ORIGIN = { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' };

export interface RefreshSignIn {
  body: RefreshLoginResponse;
  /** The cookies the browser now holds: the refresh token's, sent only to /api/auth/refresh. */
  jar: Jar;
  response: InjectResponse;
}

/** Signs in with the `refresh` kind from one of our pages, as the SPA's form does. */
export async function signInWithRefresh(app: FastifyInstance, username = 'student'): Promise<RefreshSignIn> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: `${username}123`, kind: 'refresh' },
    headers: SAME_ORIGIN,
  });
  expect(response.statusCode).toBe(200);
  return { body: response.json<RefreshLoginResponse>(), jar: absorbCookies({}, response), response };
}

export interface CookieSession {
  body: CookieLoginResponse;
  jar: Jar;
  /** The headers a same-origin page of ours would send: the cookies and, for state changes, the CSRF token. */
  headers: { cookie: string; 'x-csrf-token': string };
  /** The raw sign-in response, for tests of its Set-Cookie headers. */
  response: InjectResponse;
}

/** Signs in with a cookie kind the way the SPA would, and keeps the cookies like a browser. */
export async function signInWithCookie(
  app: FastifyInstance,
  kind: CookieKind,
  username = 'student',
  extra: { ttlSeconds?: number; headers?: Record<string, string>; jar?: Jar } = {},
): Promise<CookieSession> {
  const jar: Jar = { ...extra.jar };
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: `${username}123`, kind, ...(extra.ttlSeconds === undefined ? {} : { ttlSeconds: extra.ttlSeconds }) },
    headers: { ...(Object.keys(jar).length > 0 ? { cookie: cookieHeader(jar) } : {}), ...extra.headers },
  });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  absorbCookies(jar, response);
  const body = response.json<CookieLoginResponse>();
  return { body, jar, headers: { cookie: cookieHeader(jar), 'x-csrf-token': body.csrfToken }, response };
}

/** Asserts that the server refused `response` with 401 and the error `code`, and hands it back for more checks. */
export function expectRefused(response: InjectResponse, code: string): InjectResponse {
  expect(response.statusCode).toBe(401);
  expect(response.json().code).toBe(code);
  return response;
}

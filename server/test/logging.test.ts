import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CENSOR, redactSecrets } from '../src/logging.js';
import { bearer, buildTestApp, logCollector, signIn } from './helpers.js';

describe('logging', () => {
  let app: FastifyInstance;
  const logs = logCollector();
  const lines = () => logs.text().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    app = await buildTestApp({ LOG_LEVEL: 'trace' }, { logStream: logs.stream });
  });
  afterAll(() => app.close());

  it('never writes a token or a password, whatever the requests carry', async () => {
    const { token } = await signIn(app, 'teacher');
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'student', password: 'wrong-pass-42' } });
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'student', password: 99 } });
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: '{"username":"student","password":"broken-json-pw',
      headers: { 'content-type': 'application/json' },
    });
    await app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    await app.inject({ method: 'GET', url: '/api/notes', headers: bearer(`${token}x`) });
    // A client that wrongly puts the token in the URL (query, path, fragment, even percent-encoded) must not
    // get it logged either.
    await app.inject({ method: 'GET', url: `/api/me?access_token=${token}`, headers: bearer(token) });
    await app.inject({ method: 'GET', url: `/api/me/${token}` });
    await app.inject({ method: 'GET', url: `/api/me#${token}` });
    await app.inject({ method: 'GET', url: `/api/${encodeURIComponent(token).replace(/\./g, '%2E')}` });
    await app.inject({ method: 'GET', url: `/${[...token].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('')}` });

    const text = logs.text();
    expect(text.length).toBeGreaterThan(0);
    for (const secret of ['teacher123', 'wrong-pass-42', 'broken-json-pw', token, token.split('.')[2]!]) {
      expect(text).not.toContain(secret);
    }
  });

  it('writes one line per request with method, path, status and duration', async () => {
    const before = lines().filter((line) => line.msg === 'request').length;
    await app.inject({ method: 'GET', url: '/api/health?probe=1' });
    const requestLines = lines().filter((line) => line.msg === 'request');
    expect(requestLines).toHaveLength(before + 1);
    expect(requestLines.at(-1)).toMatchObject({ method: 'GET', path: '/api/health', statusCode: 200, ms: expect.any(Number) });
  });

  it('logs ordinary paths as they are, dotted file names included', async () => {
    await app.inject({ method: 'GET', url: '/assets/jquery.min.js' });
    expect(lines().filter((line) => line.msg === 'request').at(-1)).toMatchObject({ path: '/assets/jquery.min.js' });
  });

  it('redacts the Authorization header and the body if anything logs a request', () => {
    app.log.info(
      { req: { headers: { authorization: 'Bearer abc.def.ghi' }, body: { username: 'student', password: 'pw-in-body' } } },
      'a careless log line',
    );
    app.log.info({ password: 'pw-top-level', user: { password: 'pw-nested', token: 'tok-nested' } }, 'another one');
    const text = logs.text();
    expect(text).toContain('a careless log line');
    for (const secret of ['abc.def.ghi', 'pw-in-body', 'pw-top-level', 'pw-nested', 'tok-nested']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });

  it('logs an error that carries a password with its message, but without the password', () => {
    const error = Object.assign(new Error('the database refused the connection'), { password: 'db-secret-pw' });
    app.log.error({ err: error }, 'a careless error line');
    const line = lines().find((entry) => entry.msg === 'a careless error line');
    expect(line?.err).toMatchObject({ type: 'Error', message: 'the database refused the connection', password: CENSOR });
    expect(logs.text()).not.toContain('db-secret-pw');
  });
});

describe('redactSecrets', () => {
  it('censors a secret wherever a request, a body or a nested object puts it', () => {
    const line = {
      req: { method: 'GET', headers: { authorization: 'Bearer a.b.c', cookie: 'sl_session=s', host: 'x' }, body: { password: 'p' } },
      headers: { authorization: 'Bearer d.e.f' },
      token: 't',
      user: { name: 'student', password: 'p2' },
    };
    expect(redactSecrets(line)).toEqual({
      req: { method: 'GET', headers: { authorization: CENSOR, cookie: CENSOR, host: 'x' }, body: CENSOR },
      headers: { authorization: CENSOR },
      token: CENSOR,
      user: { name: 'student', password: CENSOR },
    });
  });

  it("never changes the caller's object, and hands a line without secrets back as it came", () => {
    const careless = { user: { password: 'p' } };
    expect(redactSecrets(careless)).toEqual({ user: { password: CENSOR } });
    expect(careless.user.password).toBe('p');

    const frozen = Object.freeze({ session: Object.freeze({ id: 's1', token: 'frozen-tok' }) });
    expect(redactSecrets(frozen)).toEqual({ session: { id: 's1', token: CENSOR } });

    const requestLine = { method: 'GET', path: '/api/me', statusCode: 200, ms: 0.4 };
    expect(redactSecrets(requestLine)).toBe(requestLine);
  });
});

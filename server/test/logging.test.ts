import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
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
});

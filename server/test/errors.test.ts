import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@session-lab/shared';
import { clientErrorHandler, toErrorBody } from '../src/plugins/errors.js';
import { buildTestApp, logCollector } from './helpers.js';

describe('error answers', () => {
  let app: FastifyInstance;
  const logs = logCollector();
  beforeAll(async () => {
    app = await buildTestApp({ LOG_LEVEL: 'info' }, { logStream: logs.stream });
    // Routes that fail on purpose, added to the real app before it starts.
    app.get('/api/test/crash', async () => {
      throw new Error('connection to db at 10.0.0.7 failed: password=hunter2');
    });
    app.get('/api/test/crash-with-status', async () => {
      throw Object.assign(new Error('upstream exploded at /srv/app/secret.js:12'), { statusCode: 502 });
    });
  });
  afterAll(() => app.close());

  it('answers an unknown API route with 404 NOT_FOUND in JSON', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const response = await app.inject({ method, url: '/api/does-not-exist' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ statusCode: 404, code: ErrorCode.NOT_FOUND, message: expect.any(String) });
    }
  });

  it.each([
    ['DELETE', '/api/me', 'GET, HEAD'],
    ['POST', '/api/notes', 'GET, HEAD'],
    ['GET', '/api/auth/login', 'POST'],
    ['PUT', '/api/auth/login', 'POST'],
    ['DELETE', '/%61pi/me', 'GET, HEAD'],
    // Paths with parameters are known paths too: the router matches them against each method's patterns.
    ['PUT', '/api/sessions/s_0123456789abcdef', 'DELETE'],
    ['GET', '/api/admin/sessions/s_0123456789abcdef', 'DELETE'],
    ['PUT', '/api/admin/users/x/sessions?all=1', 'DELETE'],
    ['POST', '/api/admin/users/teacher/sessions', 'DELETE'],
  ] as const)('answers %s %s with 405 METHOD_NOT_ALLOWED and Allow: %s', async (method, url, allow) => {
    const response = await app.inject({ method, url, headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe(allow);
    expect(response.json()).toEqual({ statusCode: 405, code: ErrorCode.METHOD_NOT_ALLOWED, message: expect.any(String) });
  });

  it.each([
    ['PUT', '/api/sessions/a/b'],
    ['DELETE', '/api/admin/users/x/sessions/y'],
    ['PUT', '/api/nothing/here'],
    ['DELETE', '/some/page/of/the/spa'],
  ] as const)('answers %s %s, a path no route of any method matches, with 404 NOT_FOUND', async (method, url) => {
    // The SPA's GET `/*` takes every path for page navigations; matching only it does not make a path known.
    const response = await app.inject({ method, url, headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(404);
    expect(response.headers.allow).toBeUndefined();
    expect(response.json()).toEqual({ statusCode: 404, code: ErrorCode.NOT_FOUND, message: expect.any(String) });
  });

  it('never echoes the requested path back', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/<script>alert(1)</script>' });
    expect(response.body).not.toContain('script');
  });

  it('hides the message and stack of a server error, but logs them', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ statusCode: 500, code: ErrorCode.INTERNAL_ERROR, message: 'Something went wrong on the server.' });
    expect(response.body).not.toMatch(/db|10\.0\.0\.7|hunter2|at /);
    expect(logs.text()).toContain('connection to db at 10.0.0.7 failed');
  });

  it('turns any other 5xx into the same opaque 500', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/crash-with-status' });
    expect(response.statusCode).toBe(500);
    expect(response.json().code).toBe(ErrorCode.INTERNAL_ERROR);
    expect(response.body).not.toContain('secret.js');
  });

  it('answers a malformed URL with 400 BAD_REQUEST without quoting it', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/%zz' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ statusCode: 400, code: ErrorCode.BAD_REQUEST, message: 'Bad Request' });
  });
});

describe("errors Node's HTTP parser answers before Fastify sees a request", () => {
  let app: FastifyInstance;
  let port = 0;
  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
  });
  afterAll(() => app.close());

  /** Sends raw bytes over a real socket (inject never reaches Node's parser) and reads the whole answer. */
  const raw = (bytes: string) =>
    new Promise<{ status: number; headers: string; body: string }>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', body = ''] = text.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
      });
    });

  it.each([
    ['an unknown method', 'FROB /api/health HTTP/1.1\r\nHost: x\r\n\r\n', 400, ErrorCode.BAD_REQUEST],
    ['a header line without a colon', 'GET /api/health HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n', 400, ErrorCode.BAD_REQUEST],
    ['headers larger than Node reads', `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, ErrorCode.HEADERS_TOO_LARGE],
  ] as const)('answers %s in the API shape', async (_case, bytes, status, code) => {
    const answer = await raw(bytes);
    expect(answer.status).toBe(status);
    expect(answer.headers).toContain('content-type: application/json');
    expect(JSON.parse(answer.body)).toEqual({ statusCode: status, code, message: expect.any(String) });
  });
});

describe('clientErrorHandler', () => {
  /** A stand-in for the socket Node hands over; it keeps what was written. */
  const fakeSocket = (writable = true) => {
    const socket = { writable, written: '', destroyed: false, end: (text: string) => void (socket.written += text), destroy: () => void (socket.destroyed = true) };
    return socket;
  };

  it('answers a request that took too long with 408 REQUEST_TIMEOUT in the API shape, and closes', () => {
    const socket = fakeSocket();
    clientErrorHandler(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket as unknown as Socket);
    expect(socket.written).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(socket.written).toMatch(/\r\nConnection: close\r\n/);
    expect(JSON.parse(socket.written.split('\r\n\r\n')[1]!)).toEqual({ statusCode: 408, code: ErrorCode.REQUEST_TIMEOUT, message: expect.any(String) });
  });

  it('writes nothing to a connection the client has already closed', () => {
    const socket = fakeSocket(false);
    clientErrorHandler(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), socket as unknown as Socket);
    expect(socket.written).toBe('');
    expect(socket.destroyed).toBe(true);
  });
});

describe('toErrorBody', () => {
  it.each([
    ['a thrown string', 'boom'],
    ['null', null],
    ['an error without a status', new Error('internal detail')],
    ['a status outside the error range', Object.assign(new Error('x'), { statusCode: 302 })],
  ])('treats %s as an opaque 500', (_case, error) => {
    expect(toErrorBody(error)).toEqual({ statusCode: 500, code: ErrorCode.INTERNAL_ERROR, message: 'Something went wrong on the server.' });
  });

  it('keeps one of our own codes on a 4xx', () => {
    const error = Object.assign(new Error('Too many.'), { statusCode: 429, code: ErrorCode.TOO_MANY_ATTEMPTS });
    expect(toErrorBody(error)).toEqual({ statusCode: 429, code: ErrorCode.TOO_MANY_ATTEMPTS, message: 'Too many.' });
  });

  it('gives an unknown 4xx a stable code and the standard reason phrase', () => {
    const error = Object.assign(new Error('something specific about /the/path'), { statusCode: 405, code: 'FST_SOMETHING' });
    expect(toErrorBody(error)).toEqual({ statusCode: 405, code: ErrorCode.BAD_REQUEST, message: 'Method Not Allowed' });
  });
});

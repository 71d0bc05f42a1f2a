import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { HELMET_OPTIONS, helmetHeaders } from '../src/plugins/security.js';
import { buildTestApp, signIn } from './helpers.js';

/** What Helmet's own middleware sets on a real Node response, the way an Express app would run it. */
function headersFromHelmetMiddleware(): Record<string, string> {
  const request = new IncomingMessage(new Socket());
  const response = new ServerResponse(request);
  // Express sets this one; Helmet's job includes removing it.
  response.setHeader('X-Powered-By', 'Express');
  let called = false;
  helmet(HELMET_OPTIONS)(request, response, () => {
    called = true;
  });
  expect(called).toBe(true);
  return Object.fromEntries(Object.entries(response.getHeaders()).map(([name, value]) => [name, String(value)]));
}

describe('security headers computed once at start-up', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('are exactly the headers Helmet\'s own middleware sets on a response', () => {
    const fromMiddleware = headersFromHelmetMiddleware();
    expect(helmetHeaders(HELMET_OPTIONS).set).toEqual(fromMiddleware);
    expect(fromMiddleware).not.toHaveProperty('x-powered-by');
    expect(helmetHeaders(HELMET_OPTIONS).removed).toEqual(['x-powered-by']);
  });

  it.each([
    ['an open API route', '/api/health', {}],
    ['a route nobody declared', '/api/nothing-here', {}],
  ])('reach every answer: %s', async (_name, url, headers) => {
    const response = await app.inject({ method: 'GET', url, headers });
    for (const [name, value] of Object.entries(headersFromHelmetMiddleware())) expect(response.headers[name]).toBe(value);
  });

  it('reach a protected route\'s answer and its refusal alike', async () => {
    const { token } = await signIn(app);
    const answered = await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });
    const refused = await app.inject({ method: 'GET', url: '/api/me' });
    expect(answered.statusCode).toBe(200);
    expect(refused.statusCode).toBe(401);
    for (const response of [answered, refused]) {
      for (const [name, value] of Object.entries(headersFromHelmetMiddleware())) expect(response.headers[name]).toBe(value);
    }
  });
});

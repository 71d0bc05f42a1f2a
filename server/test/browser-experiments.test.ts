/**
 * The server's half of the browser experiments (xss, csrf): the run a visitor asks for, the window's jobs, the
 * requests the server records as they arrive, and the result it makes of them. The browser's half is in
 * e2e/compare.test.mjs; here the requests a browser would send are made by hand, with the headers Chromium sends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, type BrowserRunCreated, type BrowserRunResults } from '@session-lab/shared';
import { bearer, buildTestApp, signIn, signInWithCookie } from './helpers.js';

let app: FastifyInstance;
afterEach(async () => app?.close());

const LAB_HOST = '127.0.0.1:3000';

async function newRun(jobs: Array<{ row: 'xss' | 'csrf'; kind: string }>, host = LAB_HOST) {
  const { token } = await signIn(app);
  const response = await app.inject({ method: 'POST', url: '/api/experiments/browser-runs', headers: { ...bearer(token), host }, payload: { jobs } });
  return { token, response };
}

const emptyReport = (row: 'xss' | 'csrf', kind: string, extra: Record<string, unknown> = {}) => ({
  row,
  kind,
  steps: [],
  found: [],
  scriptRequestStatus: null,
  aliveAfter: null,
  ...extra,
});

describe('browser experiments', () => {
  it('sends the window to the other loopback name, on the same port, so its cookies live in a jar of their own', async () => {
    app = await buildTestApp();
    const { response } = await newRun([{ row: 'csrf', kind: 'session' }]);
    expect(response.statusCode).toBe(200);
    const { pageUrl, runId } = response.json<BrowserRunCreated>();
    expect(pageUrl).toBe(`http://localhost:3000/experiments/run.html?run=${runId}`);
    const jobs = await app.inject({ method: 'GET', url: `/api/experiments/browser-runs/${runId}/jobs` });
    expect(jobs.json()).toEqual({ jobs: [{ row: 'csrf', kind: 'session' }], attackerOrigin: expect.stringMatching(/^http:\/\/localhost:\d+$/) });
  });

  it('refuses with 400 when the lab is not reached on a loopback name: there is no second name for a separate jar', async () => {
    app = await buildTestApp();
    const { response } = await newRun([{ row: 'xss', kind: 'bearer' }], 'lab.example.edu');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: ErrorCode.BAD_REQUEST });
  });

  it('says a cookie session needs a CSRF defence from what arrived: the cookie came with the attack, and the check refused it', async () => {
    app = await buildTestApp();
    const { token, response } = await newRun([{ row: 'csrf', kind: 'session' }]);
    const { runId } = response.json<BrowserRunCreated>();
    const victim = await signInWithCookie(app, 'session');
    // What Chromium sends for a no-cors fetch from another port of the same host: the cookie, no CSRF token.
    const attack = await app.inject({
      method: 'POST',
      url: `/api/experiments/browser-runs/${runId}/csrf/session`,
      headers: { cookie: victim.headers.cookie, origin: 'http://localhost:4000', 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'no-cors' },
    });
    expect(attack.statusCode).toBe(403);
    const report = await app.inject({ method: 'POST', url: `/api/experiments/browser-runs/${runId}/report`, payload: emptyReport('csrf', 'session', { aliveAfter: 200 }) });
    expect(report.statusCode).toBe(204);
    const results = await app.inject({ method: 'GET', url: `/api/experiments/browser-runs/${runId}`, headers: bearer(token) });
    const { done, results: [result] } = results.json<BrowserRunResults>();
    expect(done).toBe(true);
    expect(result).toMatchObject({ row: 'csrf', kind: 'session', answer: true, figures: { credentialArrived: true, attackStatus: 403, attackCode: 'CSRF_REJECTED', aliveAfter: 200 } });
    const recorded = result!.steps.find((step) => step.type === 'http' && step.from === 'attacker');
    expect(JSON.stringify(recorded)).toContain('sec-fetch-site');
    expect(JSON.stringify(recorded)).not.toContain(victim.headers.cookie);
    // The victim's session was not ended by the attack.
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: victim.headers })).statusCode).toBe(200);
  });

  it('says a bearer session needs no CSRF defence: the attack arrives without any credential', async () => {
    app = await buildTestApp();
    const { token, response } = await newRun([{ row: 'csrf', kind: 'bearer' }]);
    const { runId } = response.json<BrowserRunCreated>();
    const attack = await app.inject({ method: 'POST', url: `/api/experiments/browser-runs/${runId}/csrf/bearer`, headers: { origin: 'http://localhost:4000', 'sec-fetch-site': 'same-site' } });
    expect(attack.statusCode).toBe(401);
    await app.inject({ method: 'POST', url: `/api/experiments/browser-runs/${runId}/report`, payload: emptyReport('csrf', 'bearer', { aliveAfter: 200 }) });
    const results = (await app.inject({ method: 'GET', url: `/api/experiments/browser-runs/${runId}`, headers: bearer(token) })).json<BrowserRunResults>();
    expect(results.results[0]).toMatchObject({ answer: false, figures: { credentialArrived: false, attackStatus: 401 } });
  });

  it("reports the refresh window's own refresh after the forged one, which shows whether the forgery spent the token", async () => {
    app = await buildTestApp();
    const { token, response } = await newRun([{ row: 'csrf', kind: 'refresh' }]);
    const { runId } = response.json<BrowserRunCreated>();
    await app.inject({ method: 'POST', url: `/api/experiments/browser-runs/${runId}/csrf/refresh`, headers: { origin: 'http://localhost:4000', 'sec-fetch-site': 'same-site' } });
    const renewal = {
      type: 'http',
      at: Date.now(),
      from: 'browser',
      to: 'server',
      method: 'POST',
      path: '/api/auth/refresh',
      requestHeaders: [['x-csrf-token', 'abcd']],
      status: 200,
      responseHeaders: [['server-timing', 'sl-kind;desc=refresh']],
      responseBody: '{}',
    };
    await app.inject({ method: 'POST', url: `/api/experiments/browser-runs/${runId}/report`, payload: emptyReport('csrf', 'refresh', { steps: [renewal], aliveAfter: 200 }) });
    const results = (await app.inject({ method: 'GET', url: `/api/experiments/browser-runs/${runId}`, headers: bearer(token) })).json<BrowserRunResults>();
    // The refresh cookie's Path keeps it off the experiment's route: nothing arrived there.
    expect(results.results[0]).toMatchObject({ answer: false, figures: { credentialArrived: false, refreshAfterAttack: 200 } });
  });

  it('says a bearer token can be stolen when the value a script read is accepted from a request without cookies', async () => {
    app = await buildTestApp();
    const { token, response } = await newRun([{ row: 'xss', kind: 'bearer' }]);
    const { runId } = response.json<BrowserRunCreated>();
    const stolen = await signIn(app);
    const replay = await app.inject({ method: 'GET', url: `/api/experiments/browser-runs/${runId}/xss/bearer`, headers: bearer(stolen.token) });
    expect(replay.statusCode).toBe(200);
    await app.inject({
      method: 'POST',
      url: `/api/experiments/browser-runs/${runId}/report`,
      payload: emptyReport('xss', 'bearer', { found: [{ where: 'sessionStorage', name: 'session-lab.token', length: stolen.token.length }], scriptRequestStatus: 401 }),
    });
    const results = (await app.inject({ method: 'GET', url: `/api/experiments/browser-runs/${runId}`, headers: bearer(token) })).json<BrowserRunResults>();
    expect(results.results[0]).toMatchObject({ answer: true, figures: { found: 1, replayStatus: 200 } });
    expect(JSON.stringify(results)).not.toContain(stolen.token);
  });

  it("shows a run only to the visitor who made it, and refuses a report that breaks its bounds", async () => {
    app = await buildTestApp();
    const { response } = await newRun([{ row: 'xss', kind: 'session' }]);
    const { runId } = response.json<BrowserRunCreated>();
    const other = await signIn(app, 'teacher');
    const peek = await app.inject({ method: 'GET', url: `/api/experiments/browser-runs/${runId}`, headers: bearer(other.token) });
    expect(peek.statusCode).toBe(404);
    const huge = await app.inject({
      method: 'POST',
      url: `/api/experiments/browser-runs/${runId}/report`,
      payload: emptyReport('xss', 'session', { found: Array.from({ length: 11 }, () => ({ where: 'x', name: 'y', length: 1 })) }),
    });
    expect(huge.statusCode).toBe(400);
    const otherJob = await app.inject({ method: 'POST', url: `/api/experiments/browser-runs/${runId}/report`, payload: emptyReport('csrf', 'session') });
    expect(otherJob.statusCode).toBe(404);
  });

  it('serves only the window\'s own files, with a policy that lets run.html frame the attacker and nothing else', async () => {
    app = await buildTestApp();
    await newRun([{ row: 'csrf', kind: 'hybrid' }]);
    const page = await app.inject({ method: 'GET', url: '/experiments/run.html' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/frame-src http:\/\/localhost:\d+ http:\/\/127\.0\.0\.1:\d+; frame-ancestors 'none'/);
    const other = await app.inject({ method: 'GET', url: '/experiments/..%2Fsrc%2Fapp.ts' });
    expect(other.statusCode).toBe(400);
  });
});

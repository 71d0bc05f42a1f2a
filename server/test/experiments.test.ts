/**
 * The comparison page's experiments, run for real: each one starts instances of the app with a store, signs in
 * over real sockets and decides its answer from what the server did. These tests hold every answer, for every
 * kind, against each store: what the class will see is what the code does, not what the notes say.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import {
  COOKIE_NAMES,
  ErrorCode,
  COMPARED_KINDS,
  type ExperimentHttpStep,
  type ExperimentResult,
  type ServerExperimentRow,
  type ComparedKind,
} from '@session-lab/shared';
import { buildApp } from '../src/app.js';
import { runExperiment } from '../src/experiments/experiments.js';
import type { Config } from '../src/config.js';
import { bearer, buildTestApp, NO_CLIENT_BUILD, signIn, signInWithCookie, testConfig } from './helpers.js';
import { deletePrefix, redisUrl, uniquePrefix } from './redis/helpers.js';

const build = (config: Config) => buildApp(config, { clientDist: NO_CLIENT_BUILD });
const run = (config: Config, row: ServerExperimentRow, kind: ComparedKind) => runExperiment(build, config, row, kind);

/** Every kind's answer to a yes/no row, in the order of COMPARED_KINDS: bearer, cookie-jwt, session, hybrid, refresh. */
type Answers = readonly [boolean, boolean, boolean, boolean, boolean];

/**
 * What the rows measure, whatever the store: the JWT kinds against the table kinds. `refresh` answers no where
 * its family was ended but the access token it already held went on working (see the `partly` tests below).
 */
const SAME_FOR_EVERY_STORE: Partial<Record<ServerExperimentRow, Answers>> = {
  revoke: [false, false, true, true, false],
  audit: [false, false, true, true, true],
  several: [false, false, true, true, false],
  'forced-logout': [false, false, true, true, false],
  'role-in-token': [true, true, false, true, true],
  'store-per-request': [false, false, true, true, false],
  'fast-auth': [true, true, false, false, true],
  'stolen-detected': [false, false, false, false, true],
};

/**
 * Whether a session outlives its instance depends on where the table lives; JWTs need only the shared secret.
 * `refresh` needs both: the access token the secret, its renewal the family in the store.
 */
const OUTLIVES_ITS_INSTANCE: Record<'memory' | 'sqlite' | 'redis', Answers> = {
  memory: [true, true, false, false, false],
  sqlite: [true, true, true, true, true],
  redis: [true, true, true, true, true],
};
const INSTANCE_ROWS = ['restart', 'two-instances', 'serverless'] as const;

const httpSteps = (result: ExperimentResult) => result.steps.filter((step): step is ExperimentHttpStep => step.type === 'http');

function describeStore(name: 'memory' | 'sqlite' | 'redis', configFor: () => Config) {
  describe(`with the ${name} store`, () => {
    for (const [row, answers] of Object.entries(SAME_FOR_EVERY_STORE)) {
      it(`answers "${row}" ${answers.map((answer) => (answer ? 'yes' : 'no')).join('/')} for ${COMPARED_KINDS.join('/')}`, async () => {
        const results = [];
        for (const kind of COMPARED_KINDS) results.push((await run(configFor(), row as ServerExperimentRow, kind)).answer);
        expect(results).toEqual(answers);
      });
    }

    for (const row of INSTANCE_ROWS) {
      it(`answers "${row}" ${OUTLIVES_ITS_INSTANCE[name].map((answer) => (answer ? 'yes' : 'no')).join('/')}: the store decides for the table kinds and for refresh renewals`, async () => {
        const results = [];
        for (const kind of COMPARED_KINDS) results.push((await run(configFor(), row, kind)).answer);
        expect(results).toEqual(OUTLIVES_ITS_INSTANCE[name]);
      });
    }

    it('keeps a refresh access token working on another instance; the renewal there needs the family in the store', async () => {
      const result = await run(configFor(), 'two-instances', 'refresh');
      const shared = name !== 'memory';
      expect(result.figures).toMatchObject({ accessAfter: 200, refreshAfter: shared ? 200 : 401, partly: !shared });
      if (!shared) expect(result.figures.refreshCode).toBe(ErrorCode.SESSION_UNKNOWN);
    });

    it('ends a refresh family when a copied refresh token is replayed after the user refreshed: both are refused', async () => {
      const result = await run(configFor(), 'stolen-detected', 'refresh');
      expect(result.figures).toMatchObject({
        userStatus: 200,
        thiefStatus: 401,
        thiefCode: ErrorCode.REFRESH_TOKEN_REUSED,
        userAfter: 401,
        userAfterCode: ErrorCode.REFRESH_TOKEN_REUSED,
        // The family is revoked; the access token already handed out is checked by its signature only.
        userAccess: 200,
      });
      expect(httpSteps(result).map((step) => `${step.from} ${step.method} ${step.path} ${step.status}`)).toEqual([
        'browser POST /api/auth/login 200',
        'browser POST /api/auth/refresh 200',
        'attacker POST /api/auth/refresh 401',
        'browser POST /api/auth/refresh 401',
        'browser GET /api/me 200',
      ]);
    });
  });
}

describe('the experiments of the comparison page', () => {
  describeStore('memory', () => testConfig());

  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'session-lab-experiments-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  describeStore('sqlite', () => testConfig({ SESSION_STORE: 'sqlite', SESSION_DB_PATH: join(folder, 'sessions.sqlite') }));

  describe.skipIf(redisUrl === null)('on Redis', () => {
    let prefix: string;
    let redis: Redis;
    beforeAll(() => {
      prefix = uniquePrefix();
      redis = new Redis(redisUrl!);
    });
    afterAll(async () => {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    });
    describeStore('redis', () => testConfig({ SESSION_STORE: 'redis', REDIS_URL: redisUrl!, REDIS_PREFIX: prefix }));
  });

  it('says why a memory session is gone after a restart: the new instance does not know it', async () => {
    const result = await run(testConfig(), 'restart', 'session');
    expect(result.figures).toMatchObject({ before: 200, after: 401, code: ErrorCode.SESSION_UNKNOWN });
    expect(result.steps.filter((step) => step.type === 'event').map((step) => step.type === 'event' && step.event)).toEqual([
      'instance-started',
      'instance-stopped',
      'instance-started',
    ]);
  });

  it('loses the JWT kinds on a restart when JWT_SECRET was generated, since the new process signs with a key of its own', async () => {
    const generated = { ...testConfig({ SESSION_STORE: 'sqlite', SESSION_DB_PATH: join(folder, 'generated.sqlite') }), jwtSecretGenerated: true };
    const answers = [];
    for (const kind of COMPARED_KINDS) answers.push((await run(generated, 'restart', kind)).answer);
    expect(answers).toEqual([false, false, true, false, false]);
    const bearerRun = await run(generated, 'restart', 'bearer');
    expect(bearerRun.figures.code).toBe(ErrorCode.TOKEN_INVALID);
    expect(bearerRun.steps.some((step) => step.type === 'event' && step.event === 'fresh-secret')).toBe(true);
  });

  it('counts the session bytes of a read and of a state change; the cookie kinds add their CSRF token to a change', async () => {
    const figures: Record<string, ExperimentResult['figures']> = {};
    for (const kind of COMPARED_KINDS) figures[kind] = (await run(testConfig(), 'bytes', kind)).figures;
    expect(figures.bearer!.post).toBe(figures.bearer!.get);
    for (const kind of ['cookie-jwt', 'session', 'hybrid']) expect(figures[kind]!.post as number).toBeGreaterThan(figures[kind]!.get as number);
    // A random id is shorter than a signed token with its claims.
    expect(figures.session!.get as number).toBeLessThan(figures['cookie-jwt']!.get as number);
    for (const kind of COMPARED_KINDS) expect(figures[kind]!.get as number).toBeGreaterThan(0);
    // The refresh cookie goes to its own route only: an API request carries the access token alone, no CSRF token.
    expect(figures.refresh!.get).toBe(figures.refresh!.post);
    expect(figures.refresh!.refresh as number).toBeGreaterThan(0);
  });

  it('sends the refresh cookie to /api/auth/refresh only, with the CSRF token, and never to the other routes', async () => {
    const result = await run(testConfig(), 'bytes', 'refresh');
    const headerNames = (step: ExperimentHttpStep) => step.requestHeaders.map(([name]) => name);
    for (const step of httpSteps(result)) {
      const cookie = step.requestHeaders.find(([name]) => name === 'cookie')?.[1] ?? '';
      if (step.path === '/api/auth/refresh') {
        expect(cookie).toContain(`${COOKIE_NAMES.refresh}=`);
        expect(headerNames(step)).toContain('x-csrf-token');
      } else {
        expect(cookie).not.toContain(`${COOKIE_NAMES.refresh}=`);
        expect(headerNames(step)).not.toContain('x-csrf-token');
      }
    }
  });

  it('says a revoked refresh family refuses the next refresh while the access token handed out before works until its exp', async () => {
    for (const row of ['revoke', 'several', 'forced-logout'] as const) {
      const result = await run(testConfig(), row, 'refresh');
      expect(result.answer).toBe(false);
      expect(result.figures).toMatchObject({ accessAfter: 200, refreshAfter: 401, refreshCode: ErrorCode.SESSION_REVOKED, partly: true });
    }
  });

  it('counts the server work per request as the server reports it: signatures for the JWT kinds, store reads for the table kinds', async () => {
    const work: Record<string, ExperimentResult['figures']> = {};
    for (const kind of COMPARED_KINDS) work[kind] = (await run(testConfig(), 'work', kind)).figures;
    const signatures = (kind: ComparedKind) => (work[kind]!.signaturesVerified as number) + (work[kind]!.signaturesRemembered as number);
    expect(COMPARED_KINDS.map(signatures)).toEqual([3, 3, 0, 3, 3]);
    expect(COMPARED_KINDS.map((kind) => work[kind]!.storeReads)).toEqual([0, 0, 3, 3, 0]);
    // A refresh access token is checked by its signature alone; each renewal reads and writes its family.
    expect(work.refresh).toMatchObject({ refreshStatus: 200, refreshStoreRead: true, refreshStoreWrite: true });
  });

  it('records the exchanges as sent, with no credential that could be replayed', async () => {
    const result = await run(testConfig(), 'revoke', 'hybrid');
    const steps = httpSteps(result);
    expect(steps.map((step) => `${step.from}→${step.to} ${step.method} ${step.path} ${step.status}`)).toEqual([
      'browser→server POST /api/auth/login 200',
      'browser→server POST /api/auth/logout 204',
      'browser-2→server GET /api/me 401',
    ]);
    const text = JSON.stringify(result);
    expect(text).not.toContain('student123');
    // The cookie is shown with its claims, never with its signature.
    const cookie = steps[2]!.requestHeaders.find(([name]) => name === 'cookie')![1];
    expect(cookie).toContain(`${COOKIE_NAMES.hybrid}=`);
    expect(cookie).toContain('«signature removed»');
    // The signature was checked (or its verdict remembered from the sign-out), then the row was read: revoked.
    expect(steps[2]!.server).toMatchObject({ signature: expect.stringMatching(/^(verified|remembered)$/), storeRead: true, outcome: 'revoked' });
  });

  it('stops every instance it started, whatever the experiment', async () => {
    const started: FastifyInstance[] = [];
    const tracking = async (config: Config) => {
      const app = await build(config);
      started.push(app);
      return app;
    };
    await runExperiment(tracking, testConfig(), 'two-instances', 'session');
    expect(started).toHaveLength(2);
    expect(started.every((app) => !app.server.listening)).toBe(true);
  });
});

describe('POST /api/experiments/:row/:kind', () => {
  let app: FastifyInstance;
  let folder: string;
  afterEach(async () => {
    await app?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('leaves the visitor\'s own session alone, on the very store the experiments share', async () => {
    folder = mkdtempSync(join(tmpdir(), 'session-lab-visitor-'));
    app = await buildTestApp({ SESSION_STORE: 'sqlite', SESSION_DB_PATH: join(folder, 'sessions.sqlite') });
    const visitor = await signInWithCookie(app, 'session');
    for (const row of ['revoke', 'several', 'forced-logout'] as const) {
      const response = await app.inject({ method: 'POST', url: `/api/experiments/${row}/session`, headers: visitor.headers });
      expect(response.statusCode).toBe(200);
      expect(response.json<ExperimentResult>().answer).toBe(true);
    }
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: visitor.headers });
    expect(me.statusCode).toBe(200);
  });

  it('refuses a row or kind that does not exist with 400, before anything runs', async () => {
    app = await buildTestApp();
    const { token } = await signIn(app);
    for (const url of ['/api/experiments/nothing/bearer', '/api/experiments/revoke/cookie', '/api/experiments/xss/bearer']) {
      const response = await app.inject({ method: 'POST', url, headers: bearer(token) });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: ErrorCode.VALIDATION_FAILED });
    }
  });

  it('needs a session: a stranger cannot make the server start instances', async () => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'POST', url: '/api/experiments/restart/bearer' });
    expect(response.statusCode).toBe(401);
  });

  it('asks a cookie session for its CSRF token, like every state change', async () => {
    app = await buildTestApp();
    const visitor = await signInWithCookie(app, 'cookie-jwt');
    const response = await app.inject({ method: 'POST', url: '/api/experiments/fast-auth/bearer', headers: { cookie: visitor.headers.cookie } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: ErrorCode.CSRF_REJECTED });
  });

  it('says which store the experiments run against', async () => {
    app = await buildTestApp();
    const { token } = await signIn(app);
    const response = await app.inject({ method: 'GET', url: '/api/experiments', headers: bearer(token) });
    expect(response.json()).toEqual({ store: 'memory', secretShared: true });
  });

  it('answers 503 EXPERIMENT_FAILED, never a 500, when the queue of experiments is full', async () => {
    app = await buildTestApp();
    const { token } = await signIn(app);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => app.inject({ method: 'POST', url: '/api/experiments/fast-auth/bearer', headers: bearer(token) })),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 503, 503]);
    const refused = responses.find((response) => response.statusCode === 503)!;
    expect(refused.json()).toMatchObject({ code: ErrorCode.EXPERIMENT_FAILED });
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  });
});

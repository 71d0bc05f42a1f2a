/**
 * Two instances of the server on one Redis, as behind a load balancer: each is a whole app of its own,
 * listening on its own port and spoken to over real sockets, sharing nothing but Redis and JWT_SECRET (the
 * memory of verified tokens, the revocation cache and the work queue are per app). What a class should see:
 * a session started on one instance works on the other, a revocation anywhere reaches both, and guesses spread
 * over both are counted once.
 *
 * Nothing here waits for a fixed time: where a message has to travel through Redis, the test polls with a
 * limit, and the limit is far below the cache's own staleness limit, so only pub/sub can make the test pass.
 *
 * many-processes.test.ts proves the same with two real server processes, and also what happens when an
 * instance loses its subscription.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { ErrorCode } from '@session-lab/shared';
import { buildTestApp } from './helpers.js';
import { deletePrefix, redisUrl, uniquePrefix } from './redis/helpers.js';
import { CACHE_MS, me, meUntil, refused, signIn } from './redis/instances.js';

interface Instance {
  app: FastifyInstance;
  base: string;
}

async function start(env: Record<string, string>): Promise<Instance> {
  const app = await buildTestApp(env);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base };
}

describe.skipIf(redisUrl === null)('two instances on one Redis', { timeout: 60_000 }, () => {
  let prefix: string;
  let redis: Redis;
  let a: Instance;
  let b: Instance;

  beforeEach(async () => {
    prefix = uniquePrefix();
    redis = new Redis(redisUrl!);
    const env = { SESSION_STORE: 'redis', REDIS_URL: redisUrl!, REDIS_PREFIX: prefix, SESSION_CACHE_MS: String(CACHE_MS), LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '4' };
    a = await start(env);
    b = await start(env);
  });
  afterEach(async () => {
    await Promise.all([a?.app.close(), b?.app.close()]);
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it.each(['bearer', 'cookie-jwt', 'session', 'hybrid'] as const)('lets a sign-in of kind %s on A be used on B', async (kind) => {
    const credentials = await signIn(a, kind);
    const onB = await fetch(`${b.base}/api/me`, { headers: credentials.headers });
    expect(onB.status).toBe(200);
    expect(await onB.json()).toMatchObject({ username: 'student', kind });
  });

  it('refuses on A a session signed out on B, although A had it in its cache', async () => {
    const credentials = await signIn(a, 'session');
    expect((await me(a, credentials)).timing).toContain('sl-cache;desc=miss');
    expect((await me(a, credentials)).timing).toContain('sl-cache;desc=hit');

    const logout = await fetch(`${b.base}/api/auth/logout`, { method: 'POST', headers: credentials.headers });
    expect(logout.status).toBe(204);

    const onA = (await meUntil(a, credentials, refused)).at(-1);
    expect(onA).toMatchObject({ status: 401, code: ErrorCode.SESSION_REVOKED });
  });

  it("carries a teacher's forced logout on A to the student's sessions on both instances", async () => {
    const onA = await signIn(a, 'session');
    const onB = await signIn(b, 'hybrid');
    // Each instance has the session it serves in its cache.
    for (const [instance, credentials] of [[a, onA], [b, onB]] as const) {
      await me(instance, credentials);
      expect((await me(instance, credentials)).timing).toContain('sl-cache;desc=hit');
    }

    const teacher = await signIn(b, 'bearer', 'teacher');
    const forced = await fetch(`${a.base}/api/admin/users/student/sessions`, { method: 'DELETE', headers: teacher.headers });
    expect(await forced.json()).toEqual({ revoked: 2 });

    for (const [instance, credentials] of [[a, onA], [b, onB], [a, onB], [b, onA]] as const) {
      expect((await meUntil(instance, credentials, refused)).at(-1)).toMatchObject({ status: 401, code: ErrorCode.SESSION_REVOKED });
    }
  });

  it('counts guesses spread over both instances against one limit', async () => {
    const guess = (instance: Instance) =>
      fetch(`${instance.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'teacher', password: 'guess' }),
      });
    // The limit for one address on one account is 4: two guesses on each instance use it up.
    for (const instance of [a, b, a, b]) expect((await guess(instance)).status).toBe(401);
    for (const instance of [a, b]) {
      const refused = await guess(instance);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});


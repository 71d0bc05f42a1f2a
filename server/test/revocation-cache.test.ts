/**
 * The revocation cache of one instance (sessions/revocation-cache.ts), with the session clock under the
 * test's control: how long a cached row may be used, and that the instance which revokes a session refuses it
 * on the very next request, without waiting for its own message through Redis.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { COOKIE_NAMES, ErrorCode } from '@session-lab/shared';
import { buildTestApp, expectRefused, signInWithCookie, type CookieSession } from './helpers.js';
import { deletePrefix, redisUrl, uniquePrefix } from './redis/helpers.js';

describe.skipIf(redisUrl === null)('the revocation cache of one instance', () => {
  let prefix: string;
  let redis: Redis;
  let app: FastifyInstance;
  let now: number;

  beforeEach(async () => {
    prefix = uniquePrefix();
    redis = new Redis(redisUrl!);
    now = Date.now();
    app = await buildTestApp(
      { SESSION_STORE: 'redis', REDIS_URL: redisUrl!, REDIS_PREFIX: prefix, SESSION_CACHE_MS: '1000' },
      { now: () => now },
    );
  });
  afterEach(async () => {
    await app.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  const me = (session: CookieSession) => app.inject({ method: 'GET', url: '/api/me', headers: session.headers });

  it('uses a cached row for at most SESSION_CACHE_MS, even if a revocation was never announced', async () => {
    const session = await signInWithCookie(app, 'session');
    expect((await me(session)).headers['server-timing']).toContain('sl-cache;desc=miss');
    expect((await me(session)).headers['server-timing']).toContain('sl-cache;desc=hit');

    // Revoked in Redis behind the instance's back: no message is published.
    const [row] = await app.sessionStore.listLive({ username: 'student' }, now);
    await redis.hset(`${prefix}session:${row!.id}`, 'revokedAt', String(now), 'revokedBy', 'teacher', 'revokedReason', 'admin');

    now += 999;
    expect((await me(session)).statusCode).toBe(200);
    now += 1;
    const refused = expectRefused(await me(session), ErrorCode.SESSION_REVOKED);
    expect(refused.headers['server-timing']).toContain('sl-cache;desc=miss');
  });

  it('refuses on the very next request a session this instance revoked itself', async () => {
    const session = await signInWithCookie(app, 'hybrid');
    await me(session);
    expect((await me(session)).headers['server-timing']).toContain('sl-cache;desc=hit');

    const [row] = await app.sessionStore.listLive({ username: 'student' }, now);
    await app.sessionStore.revoke(row!.id, { at: now, by: 'teacher', reason: 'admin' });
    expectRefused(await me(session), ErrorCode.SESSION_REVOKED);
  });

  it('never caches a secret the store does not know', async () => {
    const forged = { headers: { cookie: `${COOKIE_NAMES.session}=${'A'.repeat(43)}`, 'x-csrf-token': '' } } as unknown as CookieSession;
    for (let i = 0; i < 2; i += 1) {
      const answer = await me(forged);
      expect(answer.json().code).toBe(ErrorCode.SESSION_UNKNOWN);
      expect(answer.headers['server-timing']).toContain('sl-cache;desc=miss');
    }
  });
});

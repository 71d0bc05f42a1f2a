/**
 * What only the Redis store promises, beyond the contract every store passes (session-stores.test.ts): Redis
 * forgets a row by itself once it can never be live again, keeps a revoked row for the audit, and announces
 * every revocation on its channel in the same step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { RedisSessionStore } from '../src/sessions/redis-store.js';
import { newSession } from './contracts/session-store.js';
import { deletePrefix, redisUrl, uniquePrefix } from './redis/helpers.js';

const T0 = Date.UTC(2025, 0, 15, 9, 0, 0);
const HOUR = 3_600_000;

describe.skipIf(redisUrl === null)('RedisSessionStore', () => {
  let redis: Redis;
  let prefix: string;
  let store: RedisSessionStore;
  beforeEach(() => {
    redis = new Redis(redisUrl!);
    prefix = uniquePrefix();
    store = new RedisSessionStore(redis, { prefix, auditSeconds: 24 * 3600 });
  });
  afterEach(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('lets Redis forget a row a minute after its absolute lifetime, its secret index with it', async () => {
    const session = newSession({ createdAt: T0, expiresAt: T0 + 2 * HOUR });
    await store.create(session);
    for (const key of [`${prefix}session:${session.id}`, `${prefix}secret:${session.secretHash}`]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(2 * HOUR);
      expect(ttl).toBeLessThanOrEqual(2 * HOUR + 60_000);
    }
  });

  it('keeps a revoked row for the audit period, however soon it would have ended', async () => {
    const session = newSession({ createdAt: T0, expiresAt: T0 + HOUR });
    await store.create(session);
    await store.revoke(session.id, { at: T0 + 1000, by: 'teacher', reason: 'admin' });
    expect(await redis.pttl(`${prefix}session:${session.id}`)).toBeGreaterThan(23 * HOUR);
    expect(await redis.pttl(`${prefix}secret:${session.secretHash}`)).toBeGreaterThan(23 * HOUR);
    expect(await store.findBySecretHash(session.secretHash)).toMatchObject({ revokedBy: 'teacher', revokedReason: 'admin' });
  });

  it('announces every revocation on its channel with the public ids it revoked, and nothing else', async () => {
    const listener = new Redis(redisUrl!);
    const messages: string[] = [];
    listener.on('message', (_channel: string, message: string) => messages.push(message));
    await listener.subscribe(store.revocationChannel);
    try {
      const one = newSession();
      const two = newSession();
      const three = newSession();
      for (const session of [one, two, three]) await store.create(session);
      await store.revoke(one.id, { at: T0, by: 'student', reason: 'logout' });
      await store.revoke(one.id, { at: T0, by: 'student', reason: 'logout' });
      await store.revokeAllOf('student', { at: T0, by: 'teacher', reason: 'admin' });
      await store.revokeAllOf('student', { at: T0, by: 'teacher', reason: 'admin' });
      await expect.poll(() => messages.length, { timeout: 2000 }).toBe(2);
      expect(messages[0]).toBe(one.id);
      expect(messages[1]!.split(' ').sort()).toEqual([two.id, three.id].sort());
    } finally {
      listener.disconnect();
    }
  });

  it('drops from the live index a row that Redis has already forgotten', async () => {
    const session = newSession();
    await store.create(session);
    await redis.del(`${prefix}session:${session.id}`);
    expect(await store.listLive({}, T0)).toEqual([]);
    expect(await redis.zcard(`${prefix}live`)).toBe(0);
  });
});

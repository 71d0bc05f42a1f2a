/**
 * What the Redis tests share: the Redis of this run (see ./global-setup.ts), a fresh key prefix per test so
 * test files running side by side on one Redis never see each other's keys, and the clean-up of a prefix.
 */
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { Redis } from 'ioredis';

/** The Redis of this test run, or null when the Redis suites are skipped. */
export const redisUrl: string | null = inject('redisUrl');

/** A key prefix nobody else uses. */
export function uniquePrefix(): string {
  return `test-${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix`. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/**
 * What the Redis session store and the shared sign-in throttle have in common: opening a connection the same
 * way, and running Lua scripts.
 *
 * Why Lua scripts: Redis runs a script as one indivisible step, with no command of any other client in
 * between. "Check that the session is live, then mark it revoked, then tell every instance" must not be split
 * by another instance's request, and neither may "check the four sign-in counters, then count the attempt".
 * A script does both in one round trip, which also keeps the hot path (a session lookup) to one request.
 */
import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Opens a connection. Commands fail fast while Redis is unreachable instead of waiting in a queue for ever:
 * a sign-in or a session check then answers 500 at once (the server never lets a request through because it
 * could not ask), and the connection keeps retrying in the background.
 */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // Retry quickly at first, then every two seconds at most, for as long as the process lives.
    retryStrategy: (attempt) => Math.min(attempt * 50, 2_000),
    ...options,
  });
}

/** Where REDIS_URL points, without the password it may carry: for log lines. */
export function redisAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}

/**
 * A Lua script, sent in full once and afterwards by its SHA-1 (EVALSHA), which Redis keeps in its script cache.
 * If Redis has forgotten it (a restart, SCRIPT FLUSH), the answer is NOSCRIPT and the script is sent again.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

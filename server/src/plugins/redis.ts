/**
 * `fastify.redis`: the connection to Redis when REDIS_URL is set, else null. The session store (with
 * SESSION_STORE=redis) and the sign-in throttle use it; whatever else needs Redis opens its own connection
 * from `fastify.redisConfig` (the revocation cache's subscription must be a connection of its own).
 *
 * The app refuses to start when Redis does not answer at start-up: an operator who configured Redis wants to
 * know now, not at the first sign-in. Later outages are survived: the connection keeps retrying, and requests
 * that need Redis meanwhile answer 500 (never a pass).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import type { RedisConfig } from '../config.js';
import { connectRedis, redisAddress } from '../redis.js';

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis | null;
    redisConfig: RedisConfig | null;
  }
}

export interface RedisPluginOptions {
  config: RedisConfig | undefined;
}

async function redisPlugin(fastify: FastifyInstance, { config }: RedisPluginOptions): Promise<void> {
  if (config === undefined) {
    fastify.decorate('redis', null);
    fastify.decorate('redisConfig', null);
    return;
  }
  const redis = connectRedis(config.url, { lazyConnect: true, connectionName: `${config.prefix}commands` });
  // Connection errors are reported by the failing commands, and retried in the background; logged once each.
  redis.on('error', (error: Error) => fastify.log.warn(`Redis at ${redisAddress(config.url)}: ${error.message}`));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot reach Redis at ${redisAddress(config.url)} (REDIS_URL): ${reason}`);
  }
  fastify.decorate('redis', redis);
  fastify.decorate('redisConfig', config);
  fastify.addHook('onClose', async () => {
    // QUIT waits for the answers to commands already sent; a connection that is down is simply dropped.
    if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
    else redis.disconnect();
  });
}

export default fp(redisPlugin, { name: 'redis', fastify: '5.x' });

/**
 * The session table: `fastify.sessionStore`, chosen by SESSION_STORE, the clock the session checks read, and
 * `fastify.sessionLookup`, how a check finds a row (sessions/lookup.ts).
 *
 * With Redis or SQLite, and SESSION_CACHE_MS above 0 (the default), the store is wrapped in a lookup cache:
 * checks may be answered from this instance's memory, and the cache hears of every change before it could
 * matter. With Redis (sessions/revocation-cache.ts) every revocation, wherever it happens, is announced through
 * Redis pub/sub so that every instance drops the revoked rows; with SQLite (sessions/sqlite-cache.ts) this
 * process's own changes pass through the cache, and SQLite says when another connection has written the file.
 *
 * The store is closed with the app, so a SQLite file is left consistent when the server stops.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionConfig } from '../config.js';
import { connectRedis } from '../redis.js';
import { storeLookup, type SessionLookup } from '../sessions/lookup.js';
import { MemorySessionStore } from '../sessions/memory-store.js';
import { RedisSessionStore } from '../sessions/redis-store.js';
import { RevocationCache } from '../sessions/revocation-cache.js';
import { SqliteLookupCache } from '../sessions/sqlite-cache.js';
import { SqliteSessionStore } from '../sessions/sqlite-store.js';
import type { SessionStore } from '../sessions/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    sessionStore: SessionStore;
    sessionLookup: SessionLookup;
    /** Now, in milliseconds since the epoch: Date.now, except in tests that move time themselves. */
    sessionClock: () => number;
  }
}

export interface SessionStoreOptions {
  config: SessionConfig;
  now?: () => number;
}

/** The embedded stores, which need nothing but this process (and a folder, for SQLite). */
export function createSessionStore(config: SessionConfig): SessionStore {
  return config.store === 'sqlite' ? new SqliteSessionStore(config.dbPath) : new MemorySessionStore();
}

async function sessionStore(fastify: FastifyInstance, options: SessionStoreOptions): Promise<void> {
  const { config } = options;
  const now = options.now ?? Date.now;
  let store: SessionStore;
  let lookup: SessionLookup;

  if (config.store === 'redis') {
    const redis = fastify.redis;
    const redisConfig = fastify.redisConfig;
    // config.ts refuses SESSION_STORE=redis without REDIS_URL, so this is a wiring mistake, not a user's.
    if (redis === null || redisConfig === null) throw new Error('SESSION_STORE=redis needs the redis plugin registered first');
    const shared = new RedisSessionStore(redis, { prefix: redisConfig.prefix, auditSeconds: config.auditSeconds });
    if (config.cacheMs > 0) {
      const subscriber = connectRedis(redisConfig.url, { autoResubscribe: false, connectionName: `${redisConfig.prefix}revocations` });
      const cache = new RevocationCache({ store: shared, subscriber, channel: shared.revocationChannel, maxAgeMs: config.cacheMs, now });
      await cache.started();
      if (!cache.trusted) fastify.log.warn('not subscribed to revocations yet: every session check reads Redis until it is');
      store = cache;
      lookup = cache;
    } else {
      store = shared;
      lookup = storeLookup(shared);
    }
  } else if (config.store === 'sqlite' && config.cacheMs > 0) {
    const cache = new SqliteLookupCache(new SqliteSessionStore(config.dbPath), { maxAgeMs: config.cacheMs, now });
    store = cache;
    lookup = cache;
  } else {
    store = createSessionStore(config);
    lookup = storeLookup(store);
  }

  fastify.decorate('sessionStore', store);
  fastify.decorate('sessionLookup', lookup);
  fastify.decorate('sessionClock', now);
  fastify.addHook('onClose', async () => store.close());
}

export default fp(sessionStore, { name: 'session-store', fastify: '5.x', dependencies: ['redis'] });

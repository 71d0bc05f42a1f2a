/**
 * The session table: `fastify.sessionStore`, chosen by SESSION_STORE, and the clock the session checks read.
 * The store is closed with the app, so a SQLite file is left consistent when the server stops.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionConfig } from '../config.js';
import { MemorySessionStore } from '../sessions/memory-store.js';
import { SqliteSessionStore } from '../sessions/sqlite-store.js';
import type { SessionStore } from '../sessions/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    sessionStore: SessionStore;
    /** Now, in milliseconds since the epoch: Date.now, except in tests that move time themselves. */
    sessionClock: () => number;
  }
}

export interface SessionStoreOptions {
  config: SessionConfig;
  now?: () => number;
}

export function createSessionStore(config: SessionConfig): SessionStore {
  return config.store === 'sqlite' ? new SqliteSessionStore(config.dbPath) : new MemorySessionStore();
}

async function sessionStore(fastify: FastifyInstance, options: SessionStoreOptions): Promise<void> {
  const store = createSessionStore(options.config);
  fastify.decorate('sessionStore', store);
  fastify.decorate('sessionClock', options.now ?? Date.now);
  fastify.addHook('onClose', async () => store.close());
}

export default fp(sessionStore, { name: 'session-store', fastify: '5.x' });

/**
 * Runs the one SessionStore contract against every store this server ships, and checks what only SQLite
 * promises: the table is a real file that outlives the store object (and the process) that wrote it. The
 * Redis store runs the same contract when the test run has a Redis (test/redis/global-setup.ts); what only
 * Redis promises (keys that end by themselves) is in redis-store.test.ts.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { MemorySessionStore } from '../src/sessions/memory-store.js';
import { RedisSessionStore } from '../src/sessions/redis-store.js';
import { SqliteSessionStore } from '../src/sessions/sqlite-store.js';
import { hashSecret, newSessionSecret } from '../src/sessions/store.js';
import { describeSessionStoreContract, newSession } from './contracts/session-store.js';
import { deletePrefix, redisUrl, uniquePrefix } from './redis/helpers.js';

describeSessionStoreContract('memory', { create: async () => new MemorySessionStore() });

let folder: string | undefined;
const temporaryFolder = () => (folder = mkdtempSync(join(tmpdir(), 'session-lab-store-')));
const removeFolder = async () => {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
};

describeSessionStoreContract('sqlite', {
  create: async () => new SqliteSessionStore(join(temporaryFolder(), 'sessions.sqlite')),
  cleanup: removeFolder,
});

let redis: { client: Redis; prefix: string } | undefined;
describe.skipIf(redisUrl === null)('redis', () => {
  describeSessionStoreContract('redis', {
    create: async () => {
      redis = { client: new Redis(redisUrl!), prefix: uniquePrefix() };
      return new RedisSessionStore(redis.client, { prefix: redis.prefix, auditSeconds: 3600 });
    },
    cleanup: async () => {
      if (redis === undefined) return;
      await deletePrefix(redis.client, redis.prefix);
      redis.client.disconnect();
      redis = undefined;
    },
  });
});

describe('SqliteSessionStore on disk', () => {
  afterEach(removeFolder);

  it('creates its folder on first use and keeps the table in WAL mode', async () => {
    const path = join(temporaryFolder(), 'nested', 'data', 'sessions.sqlite');
    const store = new SqliteSessionStore(path);
    await store.close();
    expect(existsSync(path)).toBe(true);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const columns = (db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[]).map((column) => column.name);
      expect(columns).toEqual([
        'id', 'secret_hash', 'username', 'kind', 'created_at', 'last_seen_at', 'expires_at',
        'idle_timeout_seconds', 'ip', 'user_agent', 'revoked_at', 'revoked_by', 'revoked_reason',
      ]);
    } finally {
      db.close();
    }
  });

  it('finds a session again after the store is closed and the file reopened', async () => {
    const path = join(temporaryFolder(), 'sessions.sqlite');
    const session = newSession();
    const first = new SqliteSessionStore(path);
    await first.create(session);
    await first.close();

    const second = new SqliteSessionStore(path);
    try {
      expect(await second.findBySecretHash(session.secretHash)).toMatchObject({ id: session.id, username: 'student' });
    } finally {
      await second.close();
    }
  });

  it('opens a file written by schema version 1 and adds what refresh families need, keeping its rows', async () => {
    const path = join(temporaryFolder(), 'sessions.sqlite');
    const session = newSession();
    const old = new Database(path);
    old.exec(`CREATE TABLE sessions (
      id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL UNIQUE, username TEXT NOT NULL, kind TEXT NOT NULL,
      created_at INTEGER NOT NULL, last_seen_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
      idle_timeout_seconds INTEGER, ip TEXT NOT NULL, user_agent TEXT NOT NULL,
      revoked_at INTEGER, revoked_by TEXT, revoked_reason TEXT) STRICT`);
    old.prepare(`INSERT INTO sessions (id, secret_hash, username, kind, created_at, last_seen_at, expires_at,
      idle_timeout_seconds, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      session.id, session.secretHash, session.username, session.kind, session.createdAt, session.lastSeenAt,
      session.expiresAt, session.idleTimeoutSeconds, session.ip, session.userAgent,
    );
    old.pragma('user_version = 1');
    old.close();

    const store = new SqliteSessionStore(path);
    try {
      expect(await store.findBySecretHash(session.secretHash)).toMatchObject({ id: session.id });
      const family = newSession({ kind: 'refresh' });
      await store.create(family);
      const next = hashSecret(newSessionSecret());
      expect(await store.rotate(family.id, family.secretHash, next, family.createdAt + 1000)).toBe(true);
      expect((await store.findBySecretHash(family.secretHash))?.secretHash).toBe(next);
    } finally {
      await store.close();
    }
  });

  it('refuses a file written by a newer schema instead of misreading it', async () => {
    const path = join(temporaryFolder(), 'sessions.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteSessionStore(path)).toThrow(/schema version 99/);
  });
});

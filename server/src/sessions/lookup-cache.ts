/**
 * What the two lookup caches have in common (sqlite-cache.ts in front of SQLite, revocation-cache.ts in front
 * of Redis): a session table that answers a check from this instance's memory when it may, and passes every
 * change straight to the store, forgetting or following the row before the change is answered.
 *
 * The rows and the rules for keeping them are in recent-rows.ts. What differs between the two caches is only
 * how each hears of changes made elsewhere (SQLite's data_version, Redis pub/sub) and when it may not trust its
 * memory at all (`listening`); each subclass says that, and nothing else.
 */
import { performance } from 'node:perf_hooks';
import type { Found, SessionLookup } from './lookup.js';
import { RecentRows } from './recent-rows.js';
import type { ListFilter, NewSession, Revocation, RevokeReason, SessionRecord, SessionStore } from './store.js';
import type { AuthTrace } from './trace.js';

export interface LookupCacheOptions {
  /** The longest a row is answered from memory (SESSION_CACHE_MS). */
  maxAgeMs: number;
  /** The session clock. */
  now: () => number;
  /** How many rows are remembered at most; the oldest is dropped first. */
  maxEntries?: number;
}

export abstract class LookupCache implements SessionStore, SessionLookup {
  readonly name: string;
  protected readonly rows: RecentRows;
  private readonly now: () => number;

  constructor(
    protected readonly store: SessionStore,
    options: LookupCacheOptions,
  ) {
    this.name = store.name;
    this.now = options.now;
    this.rows = new RecentRows(options.maxAgeMs, options.maxEntries);
  }

  /** False while this cache could miss a change made elsewhere: every check then reads the store. */
  protected abstract get listening(): boolean;

  /**
   * A remembered row is answered at once, without a turn of the event loop; anything else is a store read,
   * whose row is remembered for the next request if it is live and nothing changed while it was read.
   */
  find(secretHash: string, trace: AuthTrace): Found {
    if (!this.listening) {
      trace.cache = { how: 'off', ms: 0 };
      return trace.read(() => this.store.findBySecretHash(secretHash));
    }
    const start = performance.now();
    const readAt = this.now();
    const remembered = this.rows.get(secretHash, readAt);
    trace.cache = { how: remembered === undefined ? 'miss' : 'hit', ms: performance.now() - start };
    return remembered ?? this.read(secretHash, readAt, trace);
  }

  private async read(secretHash: string, readAt: number, trace: AuthTrace): Promise<SessionRecord | undefined> {
    const epoch = this.rows.epoch;
    const record = await trace.read(() => this.store.findBySecretHash(secretHash));
    if (record !== undefined && this.listening) this.rows.remember(secretHash, record, readAt, epoch);
    return record;
  }

  // The SessionStore side: straight to the store, and this instance's memory learns of its own changes at once.

  create(session: NewSession): Promise<void> {
    return this.store.create(session);
  }

  findBySecretHash(secretHash: string): Promise<SessionRecord | undefined> {
    return this.store.findBySecretHash(secretHash);
  }

  findById(id: string): Promise<SessionRecord | undefined> {
    return this.store.findById(id);
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    await this.store.touch(id, lastSeenAt);
    this.rows.touched(id, lastSeenAt);
  }

  async revoke(id: string, revocation: Revocation): Promise<boolean> {
    try {
      return await this.store.revoke(id, revocation);
    } finally {
      this.rows.forgetIds([id]);
    }
  }

  async revokeAllOf(username: string, revocation: Revocation, exceptId?: string): Promise<number> {
    try {
      return await this.store.revokeAllOf(username, revocation, exceptId);
    } finally {
      this.rows.forgetUser(username);
    }
  }

  /** A rotated row's old secret must not be answered from memory as if it were still current. */
  async rotate(id: string, fromSecretHash: string, toSecretHash: string, at: number): Promise<boolean> {
    try {
      return await this.store.rotate(id, fromSecretHash, toSecretHash, at);
    } finally {
      this.rows.forgetIds([id]);
    }
  }

  listLive(filter: ListFilter, now: number): Promise<SessionRecord[]> {
    return this.store.listLive(filter, now);
  }

  listRevoked(reason: RevokeReason, limit: number): Promise<SessionRecord[]> {
    return this.store.listRevoked(reason, limit);
  }

  close(): Promise<void> {
    this.rows.clear();
    return this.store.close();
  }
}

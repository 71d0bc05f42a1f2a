/**
 * A lookup cache in front of the SQLite store, which no revocation can get past.
 *
 * Why: one indexed SQLite read is a few microseconds in a tight loop, but between requests of an HTTP server it
 * cost about 14 µs of CPU (`pnpm bench`, docs/PERFORMANCE.md): SQLite takes and releases its locks on the file
 * with system calls for every read, for a row that almost never changes between two requests of one browser.
 * So the rows just read are remembered (recent-rows.ts) and answered from memory while they are certainly still
 * the truth. Certainly, because every way a row can change is seen:
 *
 * - Changes made through this process (sign-out, "end all others", a teacher's forced logout, a refresh token's
 *   rotation, "last seen") pass through this class, which forgets or updates the row before it answers. A
 *   revocation is refused on the very next request, exactly as without the cache.
 * - Changes made by anybody else on the same file (a second server process, a teacher typing
 *   `UPDATE sessions SET revoked_at = …` in the `sqlite3` shell) show in SQLite's `data_version`, which changes
 *   whenever another connection commits. A timer asks it every PROBE_INTERVAL_MS, whatever the load, and empties
 *   the cache when it has changed, so such a change is obeyed within that time. Asking on every request instead
 *   would be immediate, but it is a trip into SQLite on every request again: most of what the cache saves.
 * - However sure those two are, no row is answered from memory for longer than SESSION_CACHE_MS.
 *
 * SESSION_CACHE_MS=0 turns the cache off: every check reads the table, which is what a class measuring the
 * price of a stateful session wants to see. Server-Timing says what happened on each request (`sl-cache`).
 */
import { performance } from 'node:perf_hooks';
import type { Found, SessionLookup } from './lookup.js';
import { RecentRows } from './recent-rows.js';
import type { SqliteSessionStore } from './sqlite-store.js';
import type { ListFilter, NewSession, Revocation, RevokeReason, SessionRecord, SessionStore } from './store.js';
import type { AuthTrace } from './trace.js';

/** How often the cache asks SQLite whether another connection has written to the file. */
export const PROBE_INTERVAL_MS = 50;

export interface SqliteCacheOptions {
  /** The longest a row is answered from memory (SESSION_CACHE_MS). */
  maxAgeMs: number;
  /** The session clock. */
  now: () => number;
  /** How many rows are remembered at most; the oldest is dropped first. */
  maxEntries?: number;
}

export class SqliteLookupCache implements SessionStore, SessionLookup {
  readonly name: string;
  private readonly now: () => number;
  private readonly rows: RecentRows;
  private readonly probe: NodeJS.Timeout;

  constructor(
    private readonly store: SqliteSessionStore,
    options: SqliteCacheOptions,
  ) {
    this.name = store.name;
    this.now = options.now;
    this.rows = new RecentRows(options.maxAgeMs, options.maxEntries);
    // unref: the timer alone must not keep the process alive.
    this.probe = setInterval(() => this.noticeChangesElsewhere(), PROBE_INTERVAL_MS).unref();
  }

  /** Forgets every row if another connection has committed since the last look; the timer calls it. */
  noticeChangesElsewhere(): void {
    if (this.store.changedElsewhere()) this.rows.clear();
  }

  /** A remembered row is answered at once; anything else is read from the table and remembered if live. */
  find(secretHash: string, trace: AuthTrace): Found {
    const start = performance.now();
    const readAt = this.now();
    const remembered = this.rows.get(secretHash, readAt);
    trace.cache = { how: remembered === undefined ? 'miss' : 'hit', ms: performance.now() - start };
    return remembered ?? this.read(secretHash, readAt, trace);
  }

  private async read(secretHash: string, readAt: number, trace: AuthTrace): Promise<SessionRecord | undefined> {
    const epoch = this.rows.epoch;
    const record = await trace.read(() => this.store.findBySecretHash(secretHash));
    if (record !== undefined) this.rows.remember(secretHash, record, readAt, epoch);
    return record;
  }

  // The SessionStore side: straight to SQLite, and the cache forgets (or follows) a row before answering.

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
    clearInterval(this.probe);
    this.rows.clear();
    return this.store.close();
  }
}

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
import { LookupCache, type LookupCacheOptions } from './lookup-cache.js';
import type { SqliteSessionStore } from './sqlite-store.js';

/** How often the cache asks SQLite whether another connection has written to the file. */
export const PROBE_INTERVAL_MS = 50;

export class SqliteLookupCache extends LookupCache {
  private readonly probe: NodeJS.Timeout;
  /** False after a look at data_version failed, until one succeeds: changes elsewhere could have gone unseen. */
  private probing = true;

  constructor(
    private readonly sqlite: SqliteSessionStore,
    options: LookupCacheOptions,
  ) {
    super(sqlite, options);
    // unref: the timer alone must not keep the process alive.
    this.probe = setInterval(() => this.noticeChangesElsewhere(), PROBE_INTERVAL_MS).unref();
  }

  /** This process's changes pass through this class, others' show in the probe: listening while it works. */
  protected get listening(): boolean {
    return this.probing;
  }

  /**
   * Forgets every row if another connection has committed since the last look; the timer calls it. The look is
   * a read of the file, so it can fail (the file locked past the busy timeout, a disk error). Then the cache
   * fails closed: it forgets everything and every check reads the table until a look succeeds again. An
   * exception here would otherwise escape a timer and stop the server.
   */
  noticeChangesElsewhere(): void {
    let changed: boolean;
    try {
      changed = this.sqlite.changedElsewhere();
    } catch {
      this.probing = false;
      this.rows.clear();
      return;
    }
    if (changed || !this.probing) this.rows.clear();
    this.probing = true;
  }

  override close(): Promise<void> {
    clearInterval(this.probe);
    return super.close();
  }
}

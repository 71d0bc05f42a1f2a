/**
 * How a session check finds the row for a secret: `find(secretHash, trace)`. The `session` and `hybrid` kinds
 * ask this, never the store directly, so that an instance can answer from somewhere faster than the store
 * when it is safe to, without the kinds having to know.
 *
 * - Memory: always a store read; nothing is faster than the store itself.
 * - SQLite and Redis, with SESSION_CACHE_MS above 0 (the default): a lookup cache in this instance, which
 *   answers a row it has just read. A revocation through this instance empties it before it is answered; one
 *   made elsewhere is seen within about 50 ms (SQLite's data_version) or when Redis's message arrives, and
 *   never later than SESSION_CACHE_MS (sqlite-cache.ts, revocation-cache.ts; what they share is in
 *   lookup-cache.ts, the rules both keep in recent-rows.ts). With SESSION_CACHE_MS=0, always a read.
 *
 * A row found in memory comes back as it is, not wrapped in a promise, so a check answered from memory runs
 * from start to end without waiting for a turn of the event loop; a read from a store comes back as a promise.
 */
import type { SessionRecord, SessionStore } from './store.js';
import type { AuthTrace } from './trace.js';

/**
 * The row, found at once, or a promise of it. Read-only: a row from a cache is the cache's own (frozen) object,
 * shared by every check that finds it.
 */
export type Found = Readonly<SessionRecord> | undefined | Promise<Readonly<SessionRecord> | undefined>;

export interface SessionLookup {
  /** The row whose secret hashes to `secretHash`, live or not; what was done is recorded on `trace`. */
  find(secretHash: string, trace: AuthTrace): Found;
}

/** Every check reads the store. */
export function storeLookup(store: SessionStore): SessionLookup {
  return { find: (secretHash, trace) => trace.read(() => store.findBySecretHash(secretHash)) };
}

/**
 * Runs `next` on the row as soon as it is there: at once when `find` answered at once, otherwise when the read
 * finishes. The kinds use it so that their check stays one straight line of code either way.
 */
export function whenFound<T>(found: Found, next: (row: Readonly<SessionRecord> | undefined) => T | Promise<T>): T | Promise<T> {
  return found instanceof Promise ? found.then(next) : next(found);
}

/**
 * How a session check finds the row for a secret: `find(secretHash, trace)`. The `session` and `hybrid` kinds
 * ask this, never the store directly, so that an instance can answer from somewhere faster than the store
 * when it is safe to (revocation-cache.ts) without the kinds having to know.
 *
 * With SQLite and memory the answer is always a store read: those stores answer in microseconds, and there is
 * nobody else who could revoke a row behind this instance's back.
 */
import type { SessionRecord, SessionStore } from './store.js';
import type { AuthTrace } from './trace.js';

export interface SessionLookup {
  /** The row whose secret hashes to `secretHash`, live or not; what was done is recorded on `trace`. */
  find(secretHash: string, trace: AuthTrace): Promise<SessionRecord | undefined>;
}

/** Every check reads the store. */
export function storeLookup(store: SessionStore): SessionLookup {
  return { find: (secretHash, trace) => trace.read(() => store.findBySecretHash(secretHash)) };
}

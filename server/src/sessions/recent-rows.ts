/**
 * The memory both lookup caches share (revocation-cache.ts in front of Redis, sqlite-cache.ts in front of
 * SQLite): the live rows this instance has just read, by secret hash, each for a short while.
 *
 * It knows nothing about where rows come from or how the cache around it hears of changes; it only keeps the
 * rules every cache of session rows must keep:
 * - only live rows are remembered, so a made-up or ended secret always goes to the store, and nobody can fill
 *   the memory with ids the store does not know (it is bounded anyway: the oldest row goes first);
 * - a row is answered for at most `maxAgeMs` after it was read, and only while it is still live by the clock
 *   (a row that has gone idle or passed its end is forgotten and read again, never refused on memory's word);
 * - every change the cache hears of (a revocation, a rotation, a lost subscription) forgets the rows it touches
 *   and moves `epoch` on; a read that was under way meanwhile may have seen the row just before it changed, so
 *   `remember` refuses it when the epoch it started with is no longer current.
 */
import { sessionState, type SessionRecord } from './store.js';

interface Entry {
  /** Frozen and handed to every check as it is: nobody can change a remembered row by accident. */
  record: Readonly<SessionRecord>;
  /** When the read that produced it began, by the session clock. */
  readAt: number;
}

export class RecentRows {
  /** By secret hash, the key a check looks rows up by. */
  private readonly entries = new Map<string, Entry>();
  /** Public id → secret hash, because revocations and "last seen" name a row by its public id. */
  private readonly hashById = new Map<string, string>();
  private changes = 0;

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** Moves on whenever a remembered row may have changed; see `remember`. */
  get epoch(): number {
    return this.changes;
  }

  /** The row for `secretHash` (frozen) if it was read less than maxAgeMs before `at` and is live at `at`. */
  get(secretHash: string, at: number): Readonly<SessionRecord> | undefined {
    const entry = this.entries.get(secretHash);
    if (entry === undefined) return undefined;
    if (at - entry.readAt < this.maxAgeMs && sessionState(entry.record, at) === 'live') return entry.record;
    this.forget(secretHash, entry.record.id);
    return undefined;
  }

  /**
   * Keeps a row read at `readAt`, unless it is not live or something changed since the read began (`epoch`).
   * Only under its current secret: a refresh family is also found by a secret it has retired, and a row kept
   * under two hashes could not be forgotten by its id alone, which is how revocations name it.
   */
  remember(secretHash: string, record: SessionRecord, readAt: number, epoch: number): void {
    if (epoch !== this.changes || record.secretHash !== secretHash || sessionState(record, readAt) !== 'live') return;
    if (this.entries.size >= this.maxEntries) {
      // A Map keeps insertion order, so its first entry is the oldest.
      const oldest = this.entries.entries().next();
      if (!oldest.done) this.forget(oldest.value[0], oldest.value[1].record.id);
    }
    // A copy, so the store's own object (the memory store keeps and changes it) is never frozen.
    this.entries.set(secretHash, { record: Object.freeze({ ...record }), readAt });
    this.hashById.set(record.id, secretHash);
  }

  /** "Last seen" was written through this instance: the remembered row follows, so it does not look idle. */
  touched(id: string, lastSeenAt: number): void {
    const hash = this.hashById.get(id);
    const entry = hash === undefined ? undefined : this.entries.get(hash);
    if (entry !== undefined && entry.record.lastSeenAt < lastSeenAt) entry.record = Object.freeze({ ...entry.record, lastSeenAt });
  }

  forgetIds(ids: readonly string[]): void {
    for (const id of ids) {
      const hash = this.hashById.get(id);
      if (hash !== undefined) this.forget(hash, id);
    }
    this.changes += 1;
  }

  forgetUser(username: string): void {
    for (const [hash, entry] of this.entries) {
      if (entry.record.username === username) this.forget(hash, entry.record.id);
    }
    this.changes += 1;
  }

  clear(): void {
    this.entries.clear();
    this.hashById.clear();
    this.changes += 1;
  }

  private forget(hash: string, id: string): void {
    this.entries.delete(hash);
    if (this.hashById.get(id) === hash) this.hashById.delete(id);
  }
}

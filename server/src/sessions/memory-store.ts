/**
 * The session table in this process's memory: two Maps. Fast and simple, and it makes one lesson visible:
 * when the process stops, every session is gone, and every user is signed out (SESSION_UNKNOWN). It also
 * cannot be shared by two server instances, which is what "stateful sessions do not scale" means.
 */
import {
  sessionState,
  type ListFilter,
  type NewSession,
  type Revocation,
  type RevokeReason,
  type SessionRecord,
  type SessionStore,
} from './store.js';

export class MemorySessionStore implements SessionStore {
  readonly name = 'memory';
  private readonly byId = new Map<string, SessionRecord>();
  /** Current and retired secret hashes alike: a rotated row is still found by a secret it no longer has. */
  private readonly idBySecretHash = new Map<string, string>();

  async create(session: NewSession): Promise<void> {
    if (this.byId.has(session.id) || this.idBySecretHash.has(session.secretHash)) {
      // The ids are 128 and 256 random bits, so this never happens by chance; refusing keeps a bug from
      // silently replacing someone else's session.
      throw new Error('a session with this id or secret already exists');
    }
    this.byId.set(session.id, { ...session, revokedAt: null, revokedBy: null, revokedReason: null });
    this.idBySecretHash.set(session.secretHash, session.id);
  }

  async findBySecretHash(secretHash: string): Promise<SessionRecord | undefined> {
    const id = this.idBySecretHash.get(secretHash);
    return id === undefined ? undefined : this.copy(id);
  }

  async findById(id: string): Promise<SessionRecord | undefined> {
    return this.copy(id);
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    const session = this.byId.get(id);
    if (session !== undefined && session.revokedAt === null && lastSeenAt > session.lastSeenAt) session.lastSeenAt = lastSeenAt;
  }

  async revoke(id: string, revocation: Revocation): Promise<boolean> {
    const session = this.byId.get(id);
    if (session === undefined || sessionState(session, revocation.at) !== 'live') return false;
    this.mark(session, revocation);
    return true;
  }

  async revokeAllOf(username: string, revocation: Revocation, exceptId?: string): Promise<number> {
    let count = 0;
    for (const session of this.byId.values()) {
      if (session.username !== username || session.id === exceptId) continue;
      if (sessionState(session, revocation.at) !== 'live') continue;
      this.mark(session, revocation);
      count += 1;
    }
    return count;
  }

  async listLive(filter: ListFilter, now: number): Promise<SessionRecord[]> {
    const live: SessionRecord[] = [];
    for (const session of this.byId.values()) {
      if (filter.username !== undefined && session.username !== filter.username) continue;
      if (sessionState(session, now) === 'live') live.push({ ...session });
    }
    // Insertion order is creation order already, unless two sessions share a millisecond; sort to make it a rule.
    return live.sort((a, b) => a.createdAt - b.createdAt);
  }

  async rotate(id: string, fromSecretHash: string, toSecretHash: string, at: number): Promise<boolean> {
    const session = this.byId.get(id);
    if (session === undefined || session.secretHash !== fromSecretHash || sessionState(session, at) !== 'live') return false;
    if (this.idBySecretHash.has(toSecretHash)) throw new Error('a session with this secret already exists');
    // The old hash stays in the index, still naming this row: that is what makes a retired secret recognisable.
    this.idBySecretHash.set(toSecretHash, id);
    session.secretHash = toSecretHash;
    if (at > session.lastSeenAt) session.lastSeenAt = at;
    return true;
  }

  async listRevoked(reason: RevokeReason, limit: number): Promise<SessionRecord[]> {
    const revoked = [...this.byId.values()].filter((session) => session.revokedReason === reason);
    return revoked
      .sort((a, b) => (b.revokedAt ?? 0) - (a.revokedAt ?? 0))
      .slice(0, limit)
      .map((session) => ({ ...session }));
  }

  async close(): Promise<void> {}

  private mark(session: SessionRecord, { at, by, reason }: Revocation): void {
    session.revokedAt = at;
    session.revokedBy = by;
    session.revokedReason = reason;
  }

  /** Callers get copies, so nothing outside the store can change a row without going through it. */
  private copy(id: string): SessionRecord | undefined {
    const session = this.byId.get(id);
    return session === undefined ? undefined : { ...session };
  }
}

/**
 * The session table in SQLite (better-sqlite3): a real `sessions` table in a file, so sessions survive a
 * restart of the server and a teacher can query the audit with any SQLite tool
 * (`sqlite3 data/sessions.sqlite 'select * from sessions'`).
 *
 * better-sqlite3 is synchronous: each statement runs on the main thread. That is the right trade here: a
 * lookup by primary key in a local file takes microseconds, far less than handing the work to a thread and back.
 * The methods still return promises, to keep the SessionStore interface the same for stores on the network.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { TableKind } from '@session-lab/shared';
import type { ListFilter, NewSession, RevokeReason, Revocation, SessionRecord, SessionStore } from './store.js';

/**
 * The schema, version 2. `STRICT` makes SQLite refuse a value of the wrong type instead of storing it anyway.
 * `kind` is not limited to today's values on purpose: the refresh families of version 2 are rows like any
 * other. Revoked rows stay: they are the audit trail. The index serves "my sessions" and forced logout.
 *
 * Version 2 added `retired_secrets`: the hashes a refresh family had before each rotation, each naming its row,
 * so a rotated-away refresh token is recognised when it comes back (reuse detection). Every statement is
 * `IF NOT EXISTS`, so opening a version 1 file simply adds what is missing.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS sessions (
    id                   TEXT PRIMARY KEY,
    secret_hash          TEXT NOT NULL UNIQUE,
    username             TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    last_seen_at         INTEGER NOT NULL,
    expires_at           INTEGER NOT NULL,
    idle_timeout_seconds INTEGER,
    ip                   TEXT NOT NULL,
    user_agent           TEXT NOT NULL,
    revoked_at           INTEGER,
    revoked_by           TEXT,
    revoked_reason       TEXT
  ) STRICT;
  CREATE INDEX IF NOT EXISTS sessions_by_username ON sessions (username, created_at);
  CREATE TABLE IF NOT EXISTS retired_secrets (
    secret_hash TEXT PRIMARY KEY,
    session_id  TEXT NOT NULL REFERENCES sessions (id)
  ) STRICT;
`;
const SCHEMA_VERSION = 2;

/** "Live at @now", in SQL: the same rule as sessionState() in store.ts, which the contract tests hold together. */
const LIVE_AT = `revoked_at IS NULL AND @now < expires_at
  AND (idle_timeout_seconds IS NULL OR @now < last_seen_at + idle_timeout_seconds * 1000)`;

interface Row {
  id: string;
  secret_hash: string;
  username: string;
  kind: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  idle_timeout_seconds: number | null;
  ip: string;
  user_agent: string;
  revoked_at: number | null;
  revoked_by: string | null;
  revoked_reason: string | null;
}

function toRecord(row: Row): SessionRecord {
  return {
    id: row.id,
    secretHash: row.secret_hash,
    username: row.username,
    kind: row.kind as TableKind,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    idleTimeoutSeconds: row.idle_timeout_seconds,
    ip: row.ip,
    userAgent: row.user_agent,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    revokedReason: row.revoked_reason as RevokeReason | null,
  };
}

export class SqliteSessionStore implements SessionStore {
  readonly name = 'sqlite';
  private readonly db: Database.Database;
  private readonly statements;

  /** Opens (and creates, with its folder, on first use) the database file at `path`. */
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    // Write-ahead logging: readers never wait for a writer and a writer never waits for readers, and a commit
    // is one append to the log instead of a rewrite of the pages. NORMAL is durable across a crash of the
    // process in WAL mode; only a power cut can lose the last commits, which for sessions means a sign-in again.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Two processes on one file (a second instance, a teacher's sqlite3 shell) wait for each other's lock for
    // up to this long instead of failing at once.
    this.db.pragma('busy_timeout = 2000');
    this.migrate();

    this.statements = {
      insert: this.db.prepare(`INSERT INTO sessions
        (id, secret_hash, username, kind, created_at, last_seen_at, expires_at, idle_timeout_seconds, ip, user_agent)
        VALUES (@id, @secretHash, @username, @kind, @createdAt, @lastSeenAt, @expiresAt, @idleTimeoutSeconds, @ip, @userAgent)`),
      bySecretHash: this.db.prepare<[string], Row>('SELECT * FROM sessions WHERE secret_hash = ?'),
      byRetiredSecretHash: this.db.prepare<[string], Row>(
        'SELECT sessions.* FROM retired_secrets JOIN sessions ON sessions.id = retired_secrets.session_id WHERE retired_secrets.secret_hash = ?',
      ),
      rotate: this.db.prepare(`UPDATE sessions SET secret_hash = @to, last_seen_at = MAX(last_seen_at, @now)
        WHERE id = @id AND secret_hash = @from AND ${LIVE_AT}`),
      retire: this.db.prepare('INSERT INTO retired_secrets (secret_hash, session_id) VALUES (?, ?)'),
      revokedFor: this.db.prepare<{ reason: string; limit: number }, Row>(
        'SELECT * FROM sessions WHERE revoked_reason = @reason ORDER BY revoked_at DESC, rowid DESC LIMIT @limit',
      ),
      byId: this.db.prepare<[string], Row>('SELECT * FROM sessions WHERE id = ?'),
      touch: this.db.prepare(
        'UPDATE sessions SET last_seen_at = @at WHERE id = @id AND revoked_at IS NULL AND last_seen_at < @at',
      ),
      revoke: this.db.prepare(`UPDATE sessions SET revoked_at = @now, revoked_by = @by, revoked_reason = @reason
        WHERE id = @id AND ${LIVE_AT}`),
      revokeAllOf: this.db.prepare(`UPDATE sessions SET revoked_at = @now, revoked_by = @by, revoked_reason = @reason
        WHERE username = @username AND id IS NOT @exceptId AND ${LIVE_AT}`),
      liveOf: this.db.prepare<{ username: string; now: number }, Row>(
        `SELECT * FROM sessions WHERE username = @username AND ${LIVE_AT} ORDER BY created_at, rowid`,
      ),
      liveAll: this.db.prepare<{ now: number }, Row>(`SELECT * FROM sessions WHERE ${LIVE_AT} ORDER BY created_at, rowid`),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.lastDataVersion = this.statements.dataVersion.get() ?? 0;
  }

  private lastDataVersion: number;

  /**
   * True when another connection to the file (a second server process, a teacher's `sqlite3` shell) has
   * committed a change since the last call. SQLite's `data_version` changes with every commit made by any
   * connection but this one, so this process's own writes never count; sqlite-cache.ts relies on that.
   */
  changedElsewhere(): boolean {
    const version = this.statements.dataVersion.get() ?? 0;
    if (version === this.lastDataVersion) return false;
    this.lastDataVersion = version;
    return true;
  }

  /** Creates the schema in a new file; refuses a file written by a newer version rather than misreading it. */
  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${this.path} has session schema version ${version}; this server knows up to ${SCHEMA_VERSION}.`);
    }
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  async create(session: NewSession): Promise<void> {
    this.statements.insert.run(session);
  }

  async findBySecretHash(secretHash: string): Promise<SessionRecord | undefined> {
    const row = this.statements.bySecretHash.get(secretHash) ?? this.statements.byRetiredSecretHash.get(secretHash);
    return row === undefined ? undefined : toRecord(row);
  }

  async findById(id: string): Promise<SessionRecord | undefined> {
    const row = this.statements.byId.get(id);
    return row === undefined ? undefined : toRecord(row);
  }

  async touch(id: string, lastSeenAt: number): Promise<void> {
    this.statements.touch.run({ id, at: lastSeenAt });
  }

  async revoke(id: string, { at, by, reason }: Revocation): Promise<boolean> {
    return this.statements.revoke.run({ id, now: at, by, reason }).changes === 1;
  }

  async revokeAllOf(username: string, { at, by, reason }: Revocation, exceptId?: string): Promise<number> {
    return this.statements.revokeAllOf.run({ username, now: at, by, reason, exceptId: exceptId ?? null }).changes;
  }

  async listLive(filter: ListFilter, now: number): Promise<SessionRecord[]> {
    const rows =
      filter.username === undefined ? this.statements.liveAll.all({ now }) : this.statements.liveOf.all({ username: filter.username, now });
    return rows.map(toRecord);
  }

  async rotate(id: string, fromSecretHash: string, toSecretHash: string, at: number): Promise<boolean> {
    // One transaction: the new secret and the retired one are written together or not at all. The UPDATE's
    // WHERE is the compare-and-swap: a second refresh with the same secret finds it gone and changes nothing.
    const swap = this.db.transaction(() => {
      if (this.statements.rotate.run({ id, from: fromSecretHash, to: toSecretHash, now: at }).changes !== 1) return false;
      this.statements.retire.run(fromSecretHash, id);
      return true;
    });
    return swap();
  }

  async listRevoked(reason: RevokeReason, limit: number): Promise<SessionRecord[]> {
    return this.statements.revokedFor.all({ reason, limit }).map(toRecord);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * The session table, as an interface every store implements: in memory, in SQLite and in Redis.
 *
 * A row is one signed-in device of the kinds that live on the server (`session`, `hybrid`, and the family of a
 * `refresh` sign-in). What the row keeps, and what it must never keep:
 * - `secretHash`, the SHA-256 of the secret the browser holds (the random id in a `session` cookie, or the
 *   `jti` of a hybrid token). Never the secret itself: whoever reads a leaked table, a backup or a log of
 *   queries gets hashes, and a hash cannot be sent back as a cookie. A plain SHA-256 is enough here (unlike for
 *   passwords) because the secret is 256 random bits, not something a person chose: there is nothing to guess.
 * - `id`, a separate public id that names the row on "my sessions" and the teacher's page, so those pages can
 *   say "end this one" without ever showing a credential.
 * - Revoked rows are marked (`revokedAt`, `revokedBy`, `revokedReason`), never deleted: they are the audit.
 * - A refresh family's secret changes at every refresh (`rotate`). The hashes it had before are kept as
 *   "retired", still pointing at the row, because a retired secret coming back is the one sign of a stolen
 *   refresh token (reuse detection, kinds/refresh.ts). They are hashes too, never the secrets.
 *
 * Every method is asynchronous, even where memory and SQLite answer at once, because a store on the network
 * (Redis) cannot; the verifiers are written for that from the start.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { TableKind } from '@session-lab/shared';

/**
 * Why a session was revoked; the teacher's page and the audit show it. `reuse`: a refresh token of the family
 * was presented after it had been rotated, so the server itself ended the family (`revokedBy` is then
 * REVOKED_BY_SERVER).
 */
export type RevokeReason = 'logout' | 'user' | 'admin' | 'replaced' | 'reuse';

/** The `revokedBy` of a revocation nobody asked for: the server ended the session on its own (reuse detection). */
export const REVOKED_BY_SERVER = '(server)';

export interface SessionRecord {
  /** The public id (16 random bytes, base64url): safe to show, useless as a credential. */
  id: string;
  /** SHA-256 (base64url) of the secret the browser holds (for a refresh family: its current refresh token). */
  secretHash: string;
  username: string;
  kind: TableKind;
  /** Milliseconds since the epoch, like every time in a record. */
  createdAt: number;
  /** The last request seen with this session, written at most every few seconds (see the session kind). */
  lastSeenAt: number;
  /** The absolute end of the session, whatever happens. */
  expiresAt: number;
  /** Seconds without a request after which the session ends; null when only `expiresAt` applies (hybrid). */
  idleTimeoutSeconds: number | null;
  ip: string;
  userAgent: string;
  revokedAt: number | null;
  /** The username of whoever revoked it: the owner, or a teacher. */
  revokedBy: string | null;
  revokedReason: RevokeReason | null;
}

export type NewSession = Omit<SessionRecord, 'revokedAt' | 'revokedBy' | 'revokedReason'>;

export interface Revocation {
  at: number;
  by: string;
  reason: RevokeReason;
}

/** Which live sessions to list: one user's, or everyone's. */
export interface ListFilter {
  username?: string;
}

export interface SessionStore {
  /** A short name for logs and the start-up line: `memory`, `sqlite`… */
  readonly name: string;
  create(session: NewSession): Promise<void>;
  /**
   * The row whose secret hashes to `secretHash`, live or not; the caller decides what its state means. A row
   * is also found by a secret it had before `rotate` replaced it: its `secretHash` (the current one) then
   * differs from the one asked for, which is how the caller tells a retired secret from the current one.
   */
  findBySecretHash(secretHash: string): Promise<SessionRecord | undefined>;
  findById(id: string): Promise<SessionRecord | undefined>;
  /** Records activity. Never moves `lastSeenAt` backwards, and leaves revoked rows alone. */
  touch(id: string, lastSeenAt: number): Promise<void>;
  /** Revokes one live session; false when there was none with this id (unknown, revoked or expired). */
  revoke(id: string, revocation: Revocation): Promise<boolean>;
  /** Revokes every live session of `username`, except `exceptId` if given; answers how many it revoked. */
  revokeAllOf(username: string, revocation: Revocation, exceptId?: string): Promise<number>;
  /** The live sessions (not revoked, not expired in either way at `now`), oldest first. */
  listLive(filter: ListFilter, now: number): Promise<SessionRecord[]>;
  /**
   * Replaces the secret of a live row in one atomic step, if and only if its current secret hash is
   * `fromSecretHash` (compare-and-swap): the new hash becomes current, the old one is kept as retired, and
   * `lastSeenAt` moves to `at` (a refresh is activity). False, changing nothing, when the row is not live at
   * `at` or its secret is no longer `fromSecretHash`: two refreshes racing with the same token cannot both win.
   */
  rotate(id: string, fromSecretHash: string, toSecretHash: string, at: number): Promise<boolean>;
  /** The rows revoked for `reason`, most recently revoked first, at most `limit` of them. */
  listRevoked(reason: RevokeReason, limit: number): Promise<SessionRecord[]>;
  close(): Promise<void>;
}

export type SessionState = 'live' | 'revoked' | 'expired';

/**
 * What a row means at `now`. The one definition of "live" that every store and verifier uses; the SQLite
 * store says the same thing in SQL (see LIVE_AT there), and the contract tests hold the two together.
 */
export function sessionState(session: SessionRecord, now: number): SessionState {
  if (session.revokedAt !== null) return 'revoked';
  if (now >= session.expiresAt) return 'expired';
  if (session.idleTimeoutSeconds !== null && now >= session.lastSeenAt + session.idleTimeoutSeconds * 1000) return 'expired';
  return 'live';
}

/** When the session ends if nothing else happens: the earlier of its idle deadline and its absolute end. */
export function sessionEndsAt(session: SessionRecord): number {
  if (session.idleTimeoutSeconds === null) return session.expiresAt;
  return Math.min(session.expiresAt, session.lastSeenAt + session.idleTimeoutSeconds * 1000);
}

/** SHA-256 of a session secret, in base64url: what the table keeps instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/**
 * A new session secret: 32 bytes from the operating system's CSPRNG (256 bits, twice the 128 that OWASP asks
 * for), so guessing a live session id is hopeless however many sessions exist.
 */
export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The shape of a secret from newSessionSecret: anything else is refused before it is hashed or looked up. */
export const SESSION_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new public id (16 random bytes): unguessable too, so nobody can enumerate other people's rows. */
export function newPublicId(): string {
  return randomBytes(16).toString('base64url');
}

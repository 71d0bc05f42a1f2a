import type { CookieKind, Role, SessionKind } from '@session-lab/shared';
import type { DecodedToken } from '../lib/token';

/**
 * The session as the SPA holds it, the same shape for every kind: who, with which role, until when. The
 * flag of the lesson is "there is one". What differs per kind is what the browser holds besides:
 * - bearer: the token itself, and its claims decoded here (not verified: only the server has the key);
 * - the cookie kinds: nothing secret at all. The credential is in an httpOnly cookie this code cannot read;
 *   everything below came from the server's answers, plus the CSRF token to send back.
 * - refresh: both halves. The access token as for bearer (here `expiresAt` is its `exp`), and for the refresh
 *   token, which sits in an httpOnly cookie this code cannot read, only when its family ends and the CSRF token
 *   of the refresh route.
 */
interface ClientSessionBase {
  /**
   * A local number naming this session in this tab, new for every sign-in (and every demo rewrite of the
   * token), so that a late answer to a request sent with an earlier session cannot end the current one.
   */
  id: number;
  kind: SessionKind;
  username: string;
  role: Role;
  /** When the session ends unless something ends it sooner, in ms since the epoch. The client checks use it. */
  expiresAt: number;
}

export interface BearerSession extends ClientSessionBase {
  kind: 'bearer';
  /** The raw token, exactly as the server sent it (or as the demo controls rewrote it). */
  token: string;
  /** Its header and claims; username, role and expiresAt above are read from these. */
  decoded: DecodedToken;
}

export interface CookieSession extends ClientSessionBase {
  kind: CookieKind;
  /**
   * The token that proves a state-changing request comes from this page (CSRF), kept in memory only. Null
   * after a reload until GET /api/auth/csrf has answered.
   */
  csrfToken: string | null;
}

export interface RefreshSession extends ClientSessionBase {
  kind: 'refresh';
  /** The access token, kept in memory only (auth/kinds/refresh.ts says why), and its decoded parts. */
  token: string;
  decoded: DecodedToken;
  /** When the refresh family ends unless a refresh comes first (ms since the epoch): the session's real end. */
  refreshExpiresAt: number;
  /** The CSRF token of POST /api/auth/refresh, bound to this family. */
  csrfToken: string;
}

export type ClientSession = BearerSession | CookieSession | RefreshSession;

let lastId = 0;

/** A fresh local id for a new session (see `ClientSessionBase.id`). */
export function nextSessionId(): number {
  lastId += 1;
  return lastId;
}

/** The session is dead from its `expiresAt` millisecond on, by the clock passed in (this browser's). */
export function isSessionExpired(session: Pick<ClientSession, 'expiresAt'>, nowMs: number): boolean {
  return nowMs >= session.expiresAt;
}

export function millisecondsLeftIn(session: Pick<ClientSession, 'expiresAt'>, nowMs: number): number {
  return Math.max(0, session.expiresAt - nowMs);
}

/**
 * Whole seconds from `nowMs` until `endMs`, rounded UP: the one way every countdown on the screen counts, so
 * the dashboard and the Inspector never disagree. Up, because a session with 0.4 s left is still alive (it
 * ends at its `expiresAt` millisecond, as `isSessionExpired` says) and must not read "0 s left". From the end
 * on, the number is 0 or negative: -3 means the end passed between 3 and 4 seconds ago.
 */
export function secondsUntil(endMs: number, nowMs: number): number {
  // `|| 0`: Math.ceil gives -0 for the second after the end, and -0 is a number nobody should have to print.
  return Math.ceil((endMs - nowMs) / 1000) || 0;
}

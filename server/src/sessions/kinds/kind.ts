/**
 * What every kind of session provides: a way to start one at sign-in and a way to check its credential on
 * every protected request. The files beside this one implement it, one kind each; plugins/authenticate.ts
 * finds the credential in the request and hands it to the right one.
 */
import type { SessionKind } from '@session-lab/shared';
import type { PublicUser } from '../../users.js';
import type { Principal } from '../principal.js';
import type { AuthTrace } from '../trace.js';

/** Why a credential was refused; each has its own status, code and message in plugins/authenticate.ts. */
export type Refusal = 'expired' | 'invalid' | 'revoked' | 'session-expired' | 'unknown';

export type Verdict = { principal: Principal } | { refused: Refusal };

export interface SignInRequest {
  ttlSeconds: number | undefined;
  ip: string;
  userAgent: string;
}

export interface StartedSession {
  /** What the browser holds: the token (bearer: in the answer; JWT cookie kinds: in the cookie) or the session id. */
  credential: string;
  /** When the session ends unless something ends it sooner (for `session`, the idle deadline may come first). */
  expiresAt: number;
  /** The latest moment the session can last: the cookie is told to expire then, so the browser drops it. */
  endsAtLatest: number;
  /** See Principal.signInId. */
  signInId: string;
  /**
   * Only for `refresh`: the refresh token that goes into its cookie, and when its family ends unless a refresh
   * comes first (the idle deadline, or the absolute end if sooner). `credential` is then the access token.
   */
  refresh?: { token: string; expiresAt: number };
}

export interface CheckContext {
  /** Now, from the app's clock (injected in tests). */
  now: number;
  trace: AuthTrace;
}

export interface SessionKindHandler {
  readonly kind: SessionKind;
  start(user: PublicUser, request: SignInRequest): Promise<StartedSession>;
  /**
   * Synchronous where no store has to be waited for (the JWT-only kinds, and a table kind whose row this
   * instance has in its cache), so the common case costs no extra turn of the event loop.
   */
  check(credential: string, context: CheckContext): Verdict | Promise<Verdict>;
}

/** The longest user agent kept in a row; a longer header is cut, not refused. */
export const USER_AGENT_MAX_LENGTH = 512;

/**
 * "Last seen" is written at most this often per session. A busy page makes many requests a second; writing
 * each one would turn every read into a write (in SQLite, a disk commit) for a value nobody needs to the
 * millisecond. The price: the idle timeout counts from the last *recorded* request, so a session can end up
 * to this much earlier than a perfectly precise clock would say, and never later.
 */
export const LAST_SEEN_WRITE_INTERVAL_MS = 5_000;

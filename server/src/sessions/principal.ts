/**
 * The one thing a protected route knows about its caller, whatever kind of session they signed in with.
 *
 * Routes read `request.user` (this type) and never a token's claims or a session row directly, so a route
 * works the same for all five kinds, and a student reading a route sees who may do what, not how the
 * credential was checked (that lives in kinds/, one file per kind).
 */
import type { Role, SessionKind } from '@session-lab/shared';

export interface Principal {
  username: string;
  /**
   * The role to authorise with. For the JWT kinds it is the role signed into the token at sign-in; for the
   * `session` kind it is read from the user record on every request, so a changed role applies at once.
   */
  role: Role;
  kind: SessionKind;
  /** When the session ends unless something ends it sooner (ms since the epoch). */
  expiresAt: number;
  /**
   * The public id of the session table row, for the kinds that have one (`session`, `hybrid`, and `refresh`,
   * whose access token names its family without the row being read).
   */
  sessionId: string | null;
  /**
   * Names this one sign-in: the row's public id (for `refresh`, the family's), or the token's `jti` for the other JWT kinds. The CSRF token is
   * bound to it, so a CSRF token from one sign-in is worthless for any other.
   */
  signInId: string;
}

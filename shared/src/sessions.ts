/**
 * The kinds of session Session Lab serves side by side, and the names both sides must agree on: cookie names,
 * the CSRF header, and the metrics of the `Server-Timing` header in which the server says what it did to
 * check each request.
 */

/**
 * Chosen at sign-in. `bearer` is the client-side story (the SPA holds the token and sends it in a header);
 * the next three put the credential in an httpOnly cookie that page scripts cannot read.
 * - `cookie-jwt`: the same signed JWT, in a cookie. Checked by its signature alone; nothing can revoke it.
 * - `session`: a random id in a cookie; the session itself lives in the server's session table.
 * - `hybrid`: a JWT in a cookie whose `jti` must also be a live row of the session table.
 * - `refresh`: a short-lived access JWT the SPA holds and sends in a header, as in `bearer`, plus a refresh
 *   token in an httpOnly cookie that only POST /api/auth/refresh ever receives. Each refresh rotates it; the
 *   sign-in is one row of the session table (a "family"), and a refresh token used twice ends the family.
 */
export const SESSION_KINDS = ['bearer', 'cookie-jwt', 'session', 'hybrid', 'refresh'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** The kinds whose credential travels in a cookie, and which therefore need a CSRF defence. */
export const COOKIE_KINDS = ['cookie-jwt', 'session', 'hybrid'] as const;
export type CookieKind = (typeof COOKIE_KINDS)[number];

/**
 * The kinds whose credential is a signed JWT; the `kind` claim inside it says which. For `refresh` it is the
 * access token (the refresh token itself is a random string, like a `session` id).
 */
export const JWT_KINDS = ['bearer', 'cookie-jwt', 'hybrid', 'refresh'] as const;
export type JwtKind = (typeof JWT_KINDS)[number];

/**
 * The kinds that have a row in the session table, and can therefore be listed and revoked. A `refresh` row is
 * the family of one sign-in: revoking it stops every later refresh, while the access token already handed out
 * lives on until its short `exp` (it is checked by its signature alone, like a bearer token).
 */
export const TABLE_KINDS = ['session', 'hybrid', 'refresh'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export const isCookieKind = (kind: SessionKind): kind is CookieKind => (COOKIE_KINDS as readonly string[]).includes(kind);
export const isTableKind = (kind: SessionKind): kind is TableKind => (TABLE_KINDS as readonly string[]).includes(kind);

/** The kinds whose sign-in sets a cookie (the refresh kind's refresh token is one), so sign-in is origin-checked. */
export const setsCookieAtSignIn = (kind: SessionKind): boolean => kind === 'refresh' || isCookieKind(kind);

/**
 * The cookie that carries each cookie kind's credential, the one that carries the CSRF secret, and the refresh
 * token of the `refresh` kind. Served over HTTPS, each name gets the `__Host-` prefix, except the refresh
 * token's, which gets `__Secure-` because it keeps its narrow path (server/src/plugins/session-cookies.ts says
 * what each buys).
 */
export const COOKIE_NAMES = {
  'cookie-jwt': 'sl_jwt',
  session: 'sl_session',
  hybrid: 'sl_hybrid',
  csrf: 'sl_csrf',
  refresh: 'sl_refresh',
} as const satisfies Record<CookieKind | 'csrf' | 'refresh', string>;

/**
 * The only path the browser sends the refresh token to (the cookie's `Path`). Every other request, the API's
 * included, never carries it, so it cannot leak into a log or be used by any route but the one that rotates it.
 */
export const REFRESH_COOKIE_PATH = '/api/auth/refresh';

/** The request header in which the SPA sends back the CSRF token of a cookie session. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The metrics the server writes into the standard `Server-Timing` response header of every request that went
 * through its session check, so that the SPA (and the browser's developer tools) can show what was done:
 * `sl-kind;desc=hybrid, sl-signature;desc=verified;dur=0.05, sl-store-read;dur=0.02, sl-outcome;desc=valid`.
 * - `sl-kind`: which kind's verifier ran (`desc`).
 * - `sl-signature`: a JWT's signature was checked (`desc=verified`) or the remembered verdict for these exact
 *   bytes was used (`desc=remembered`); absent for the `session` kind, which has no signature.
 * - `sl-store-read` / `sl-store-write`: the session table was read / written (the "last seen" update), with
 *   the time it took. Absent when the store was not touched: `bearer`, `cookie-jwt` and a `refresh` access
 *   token never touch it (a refresh does, on its own route).
 * - `sl-cache`: only with a store that has a lookup cache in front of it (SQLite and Redis, not memory):
 *   `desc=hit` (the row came from this instance's memory, no store read), `desc=miss` (not cached: read from
 *   the store, then remembered) or `desc=off` (the instance cannot be sure it has heard of every change made
 *   elsewhere right now, so it trusts no cached row and reads the store).
 * - `sl-outcome`: the verdict (`desc`), one of AUTH_OUTCOMES. `reused` is only ever the refresh route's: a
 *   refresh token that had already been rotated came back, and its family was revoked.
 * - `sl-expires`: for an accepted session, when it ends as the server now sees it (`desc`, ms since the epoch).
 *   A `session` slides its idle deadline forward with every request; this is how the SPA learns the new one.
 */
export const SERVER_TIMING_METRICS = {
  kind: 'sl-kind',
  signature: 'sl-signature',
  storeRead: 'sl-store-read',
  storeWrite: 'sl-store-write',
  cache: 'sl-cache',
  outcome: 'sl-outcome',
  expires: 'sl-expires',
} as const;

/** Every verdict of the server's session check, as written into `sl-outcome`. */
export const AUTH_OUTCOMES = ['valid', 'missing', 'expired', 'invalid', 'revoked', 'session-expired', 'unknown', 'reused'] as const;
export type AuthOutcome = (typeof AUTH_OUTCOMES)[number];

/**
 * The public id of a row of the session table: 16 random bytes in base64url. It names a session in "my
 * sessions" and on the teacher's page; it is NOT the secret in the cookie, so showing it gives nothing away.
 */
export const SESSION_ID_PATTERN = '^[A-Za-z0-9_-]{22}$';

/**
 * The kinds of session Session Lab serves side by side, and the names both sides must agree on: cookie names,
 * the CSRF header, and the metrics of the `Server-Timing` header in which the server says what it did to
 * check each request.
 */

/**
 * Chosen at sign-in. `bearer` is the client-side story (the SPA holds the token and sends it in a header);
 * the other three put the credential in an httpOnly cookie that page scripts cannot read.
 * - `cookie-jwt`: the same signed JWT, in a cookie. Checked by its signature alone; nothing can revoke it.
 * - `session`: a random id in a cookie; the session itself lives in the server's session table.
 * - `hybrid`: a JWT in a cookie whose `jti` must also be a live row of the session table.
 */
export const SESSION_KINDS = ['bearer', 'cookie-jwt', 'session', 'hybrid'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** The kinds whose credential travels in a cookie, and which therefore need a CSRF defence. */
export const COOKIE_KINDS = ['cookie-jwt', 'session', 'hybrid'] as const;
export type CookieKind = (typeof COOKIE_KINDS)[number];

/** The kinds whose credential is a signed JWT; the `kind` claim inside it says which. */
export const JWT_KINDS = ['bearer', 'cookie-jwt', 'hybrid'] as const;
export type JwtKind = (typeof JWT_KINDS)[number];

/** The kinds that have a row in the session table, and can therefore be listed and revoked. */
export const TABLE_KINDS = ['session', 'hybrid'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export const isCookieKind = (kind: SessionKind): kind is CookieKind => (COOKIE_KINDS as readonly string[]).includes(kind);
export const isTableKind = (kind: SessionKind): kind is TableKind => (TABLE_KINDS as readonly string[]).includes(kind);

/**
 * The cookie that carries each cookie kind's credential, and the one that carries the CSRF secret. Served over
 * HTTPS, each name gets the `__Host-` prefix (see server/src/plugins/session-cookies.ts for what that buys).
 */
export const COOKIE_NAMES = {
  'cookie-jwt': 'sl_jwt',
  session: 'sl_session',
  hybrid: 'sl_hybrid',
  csrf: 'sl_csrf',
} as const satisfies Record<CookieKind | 'csrf', string>;

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
 *   the time it took. Absent when the store was not touched: the JWT kinds never touch it.
 * - `sl-cache`: only with the Redis store and its local cache: `desc=hit` (the row came from this instance's
 *   memory, no store read), `desc=miss` (not cached: read from Redis, then remembered) or `desc=off` (the
 *   instance is not hearing about revocations right now, so it trusts no cached row and reads Redis).
 * - `sl-outcome`: the verdict (`desc`), one of AUTH_OUTCOMES.
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
export const AUTH_OUTCOMES = ['valid', 'missing', 'expired', 'invalid', 'revoked', 'session-expired', 'unknown'] as const;
export type AuthOutcome = (typeof AUTH_OUTCOMES)[number];

/**
 * The public id of a row of the session table: 16 random bytes in base64url. It names a session in "my
 * sessions" and on the teacher's page; it is NOT the secret in the cookie, so showing it gives nothing away.
 */
export const SESSION_ID_PATTERN = '^[A-Za-z0-9_-]{22}$';

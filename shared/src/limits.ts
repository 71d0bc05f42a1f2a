/**
 * Numbers and names the API's contract fixes. The server enforces every one of them. Of these, the SPA
 * itself reads only TOKEN_ALGORITHM (to tell its own tokens from others) and TOKEN_CHECK_HEADER with
 * TOKEN_CHECK_RESULTS (for the classroom timeline), and the sign-in form's username and password limits (so
 * a mistake is explained beside its field before any request); its "Session length" choices are its own list,
 * which must stay between TTL_MIN_SECONDS and TTL_MAX_SECONDS.
 */

/** The shortest and longest token lifetime a sign-in may ask for, in seconds. */
export const TTL_MIN_SECONDS = 5;
export const TTL_MAX_SECONDS = 3600;

/** Field lengths for the login form. Anything longer is refused before a password hash is computed. */
export const USERNAME_MAX_LENGTH = 64;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * A token longer than this is refused before it is parsed. Our own tokens are about 300 characters;
 * the limit leaves room for growth while keeping a hostile multi-kilobyte header from reaching the parser.
 */
export const TOKEN_MAX_LENGTH = 2048;

/**
 * The shape of a compact JWS (header.payload.signature, each part base64url without padding). The server
 * refuses anything else before it parses a single byte (and then refuses a part that is not in its canonical
 * spelling, see base64url.ts). The SPA does not use this pattern today: it treats a stored value as a token
 * only if it has three parts that decode to an HS256 header and our claims. The character classes never
 * include the dot, so the test runs in linear time.
 */
export const COMPACT_JWS_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The realm the server names in every `WWW-Authenticate: Bearer` challenge (RFC 6750). */
export const AUTH_REALM = 'session-lab';

/**
 * The largest sign-in body the server reads, in bytes. A real one is well under 300 bytes; a larger body is
 * refused with 413 before it is parsed, so nobody can make the server chew through megabytes of JSON.
 */
export const LOGIN_BODY_LIMIT_BYTES = 1024;

/** Fixed identifiers that the server writes into every token and accepts back, and nothing else. */
export const TOKEN_ISSUER = 'session-lab-api';
export const TOKEN_AUDIENCE = 'session-lab-spa';
export const TOKEN_ALGORITHM = 'HS256';

/**
 * How many seconds of clock difference the server forgives when it checks `exp`, `nbf` and `iat`.
 * Small on purpose: enough for two machines whose clocks drift a little, too small to matter to a lesson.
 */
export const CLOCK_TOLERANCE_SECONDS = 2;

/**
 * The response header in which the server tells the client what it verified on a protected request.
 * The classroom timeline reads it so that both sides of every check are visible.
 */
export const TOKEN_CHECK_HEADER = 'x-session-lab-token-check';

/** The values the server writes into TOKEN_CHECK_HEADER, one per outcome of its verification. */
export const TOKEN_CHECK_RESULTS = ['valid', 'missing', 'expired', 'invalid'] as const;
export type TokenCheckResult = (typeof TOKEN_CHECK_RESULTS)[number];

/**
 * Numbers that both sides must agree on. The server enforces them; the client uses them to build its
 * form (for example the "Session length" choices) so a student never sees the two disagree.
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

/**
 * Every error the API can answer with has one stable `code`. The SPA branches on the code (never on the
 * human message), and students can look a code up here to learn what went wrong.
 */
export const ErrorCode = {
  /** The body, a parameter or a header broke the route's schema. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** The body claimed to be JSON but could not be parsed. */
  INVALID_JSON: 'INVALID_JSON',
  /**
   * The request was malformed in a way no more specific code describes (for example an unparseable URL or a
   * body shorter than its Content-Length).
   */
  BAD_REQUEST: 'BAD_REQUEST',
  /** The body was not sent as `application/json`. */
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  /** The body was larger than the route accepts. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /**
   * The request's headers were larger than the server reads (431). Node's HTTP parser answers this before any
   * route runs; a browser that meets it usually carries an oversized cookie or header.
   */
  HEADERS_TOO_LARGE: 'HEADERS_TOO_LARGE',
  /** The client took longer than the server allows to send its whole request (408); the connection is closed. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** Wrong password or unknown user: deliberately the same code, so nobody can probe which accounts exist. */
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  /**
   * Too many sign-ins were tried (429): failed ones for this account from this address, failed ones from this
   * address across accounts, failed ones for this account from many addresses, or sign-ins of any outcome from
   * this address. `Retry-After` says in how many seconds the next attempt will be heard; it counts down.
   */
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  /**
   * The server is checking as many passwords as it can at once and its short queue is full (503). Nothing was
   * counted against the account; try again after `Retry-After` seconds (usually one or two).
   */
  SERVER_BUSY: 'SERVER_BUSY',
  /** A protected route was called with no credential: no bearer token, and no session cookie of any kind. */
  TOKEN_MISSING: 'TOKEN_MISSING',
  /** The token was genuine but its `exp` has passed. */
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  /** The token was malformed, tampered with, signed with another key or algorithm, or not meant for us. */
  TOKEN_INVALID: 'TOKEN_INVALID',
  /**
   * The session was ended on the server: by signing out, by the user from another device ("sign out everywhere
   * else"), or by a teacher. Only the kinds with a row in the session table can be revoked: `session`, `hybrid`,
   * and `refresh`, whose revoked family refuses its next refresh (its access token lives on until its `exp`).
   */
  SESSION_REVOKED: 'SESSION_REVOKED',
  /**
   * A refresh token that had already been exchanged for a new one was presented again. Only a copy can do
   * that, so the server revoked the whole family of that sign-in: the thief and the user are both signed out
   * (RFC 9700 §4.14.2). Also the answer to any later refresh of a family ended this way.
   */
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
  /** The server-side session passed its idle timeout or its absolute lifetime. */
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  /**
   * The session cookie names no session this server knows: it was never issued here, or the server forgot it
   * (sessions kept in memory die with the process).
   */
  SESSION_UNKNOWN: 'SESSION_UNKNOWN',
  /** The caller is signed in, but their role may not do this (a student on a teacher's route). */
  FORBIDDEN: 'FORBIDDEN',
  /**
   * A state-changing request of a cookie session came without the session's CSRF token in `X-CSRF-Token`, with
   * a wrong one, or from another origin.
   */
  CSRF_REJECTED: 'CSRF_REJECTED',
  /** No live session of the caller (or, for a teacher, of anyone) has this id. */
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',
  /** No route matches the path. */
  NOT_FOUND: 'NOT_FOUND',
  /** The path exists but not with this method (405); the `Allow` header lists the methods it has. */
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  /**
   * An experiment of the comparison page could not finish (503): an instance it started did not answer in
   * time, or too many experiments are running at once. Nothing was measured; run it again in a moment.
   */
  EXPERIMENT_FAILED: 'EXPERIMENT_FAILED',
  /** Something failed on the server. The message never says what, so nothing internal leaks. */
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * The codes that mean "the server refused your session": the SPA ends the session on these, and its popup says
 * which one it was. TOKEN_MISSING is among them for the cookie kinds: the SPA never sends a bearer request
 * without its token, but a browser stops sending a cookie that has expired or been deleted, and then the
 * server has nothing to check.
 */
export const SESSION_ENDING_CODES = [
  ErrorCode.TOKEN_MISSING,
  ErrorCode.TOKEN_EXPIRED,
  ErrorCode.TOKEN_INVALID,
  ErrorCode.SESSION_REVOKED,
  ErrorCode.SESSION_EXPIRED,
  ErrorCode.SESSION_UNKNOWN,
  ErrorCode.REFRESH_TOKEN_REUSED,
] as const;
export type SessionEndingCode = (typeof SESSION_ENDING_CODES)[number];

export function isSessionEndingCode(code: unknown): code is SessionEndingCode {
  return (SESSION_ENDING_CODES as readonly unknown[]).includes(code);
}

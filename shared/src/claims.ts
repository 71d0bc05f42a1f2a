import type { JwtKind } from './sessions.js';

/** The two roles of the demo accounts. The teacher sees notes the student does not. */
export const ROLES = ['student', 'teacher'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The payload of every token the API issues. It is signed, not encrypted: anyone holding the token can
 * read these fields (the SPA does, with jwt-decode), but nobody can change them without the server noticing.
 */
export interface TokenClaims {
  /** Subject: the username. */
  sub: string;
  role: Role;
  /** Issued at, in seconds since the Unix epoch. */
  iat: number;
  /** Expires at, in seconds since the Unix epoch. The server refuses the token from this moment on. */
  exp: number;
  /** Issuer: always TOKEN_ISSUER. */
  iss: string;
  /** Audience: always TOKEN_AUDIENCE. */
  aud: string;
  /**
   * A unique id for this token, so two sign-ins in the same second still give different tokens. For the hybrid
   * kind it is also the key of the token's row in the session table.
   */
  jti: string;
  /**
   * Which kind of session the token was issued for. Signed like every other claim, so a token issued for one
   * kind can never be presented as another: a revocable hybrid token sent as a bearer token is refused.
   */
  kind: JwtKind;
  /**
   * Only in the access tokens of the `refresh` kind: the public id of the family (the session table row) the
   * token was issued from, so "my sessions" can mark the current one and sign-out can end it. The server never
   * reads the table to accept the token: the family is looked at only when the token is renewed.
   */
  sid?: string;
}

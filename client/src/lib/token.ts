import { jwtDecode, type JwtHeader } from 'jwt-decode';
import { ROLES, TOKEN_ALGORITHM, type TokenClaims } from '@session-lab/shared';

/** A token the SPA could read, with the parts the inspector shows. */
export interface DecodedToken {
  raw: string;
  header: JwtHeader;
  claims: TokenClaims;
}

function isTokenClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const claims = value as Record<string, unknown>;
  return (
    typeof claims.sub === 'string' &&
    typeof claims.role === 'string' &&
    (ROLES as readonly string[]).includes(claims.role) &&
    // A token without a numeric `exp` would never expire on this side. We refuse to treat it as a session
    // at all, which is the same as saying it has already expired.
    typeof claims.exp === 'number' &&
    Number.isFinite(claims.exp) &&
    typeof claims.iat === 'number'
  );
}

/**
 * Reads a token's header and claims, or returns null when it is not a token this app could have received.
 *
 * jwt-decode only base64url-decodes and parses JSON: it does NOT check the signature, and it cannot, because
 * the key lives on the server. So decoding is for display and for the comfort check on `exp`; whether the
 * token is genuine is decided by the server on every request.
 */
export function decodeToken(raw: string): DecodedToken | null {
  if (raw.split('.').length !== 3) return null;
  try {
    const header = jwtDecode<JwtHeader>(raw, { header: true });
    const claims: unknown = jwtDecode(raw);
    // Our server only ever signs with HS256; anything else (an `alg: none` token above all) is not ours.
    if (header.alg !== TOKEN_ALGORITHM || !isTokenClaims(claims)) return null;
    return { raw, header, claims };
  } catch {
    return null;
  }
}

/** `exp` is in seconds; the clock is in milliseconds. The token is dead from its `exp` second on. */
export function isExpired(claims: Pick<TokenClaims, 'exp'>, nowMs: number): boolean {
  return nowMs >= claims.exp * 1000;
}

export function millisecondsLeft(claims: Pick<TokenClaims, 'exp'>, nowMs: number): number {
  return Math.max(0, claims.exp * 1000 - nowMs);
}

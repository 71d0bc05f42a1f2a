/**
 * The step the JWT kinds share: check a token's signature and claims, and that it was issued for one of the
 * kinds the caller accepts. The `kind` claim is signed like the rest, so a hybrid token (revocable) can never
 * be replayed as a bearer or cookie-jwt token (which nothing revokes), nor the other way round.
 */
import { performance } from 'node:perf_hooks';
import type { JwtKind, TokenClaims } from '@session-lab/shared';
import type { PublicUser } from '../../users.js';
import type { Principal } from '../principal.js';
import type { AuthTrace } from '../trace.js';

export type TokenVerdict =
  | { valid: true; claims: TokenClaims; remembered: boolean }
  | { valid: false; outcome: 'expired' | 'invalid' };

export interface IssuedToken {
  token: string;
  /** When the token expires (ms since the epoch). */
  expiresAt: number;
  jti: string;
}

/** Signing and checking, as plugins/auth.ts provides them. */
export interface Tokens {
  issue(user: PublicUser, kind: JwtKind, ttlSeconds?: number, sid?: string): IssuedToken;
  check(token: string): TokenVerdict;
}

export function checkSignedToken(
  tokens: Tokens,
  token: string,
  kinds: JwtKind | readonly JwtKind[],
  trace: AuthTrace,
): { claims: TokenClaims } | { refused: 'expired' | 'invalid' } {
  const start = performance.now();
  const verdict = tokens.check(token);
  trace.signature = { how: verdict.valid && verdict.remembered ? 'remembered' : 'verified', ms: performance.now() - start };
  if (!verdict.valid) {
    trace.tokenCheck = verdict.outcome;
    return { refused: verdict.outcome };
  }
  if (typeof kinds === 'string' ? verdict.claims.kind !== kinds : !kinds.includes(verdict.claims.kind)) {
    trace.tokenCheck = 'invalid';
    return { refused: 'invalid' };
  }
  trace.tokenCheck = 'valid';
  return { claims: verdict.claims };
}

/**
 * The principal of a bearer or cookie-jwt token: everything in it comes from the claims, so the same claims
 * always give the same principal. The verified-token memory hands every request with the same token the same
 * frozen claims object, so the principal is made (and frozen) once per token rather than on every request;
 * it goes when the claims go.
 */
const principals = new WeakMap<TokenClaims, Readonly<Principal>>();

export function principalOf(claims: TokenClaims, kind: 'bearer' | 'cookie-jwt'): Readonly<Principal> {
  const known = principals.get(claims);
  // A token carries its kind, and each kind accepts only its own, so one claims object never needs two.
  if (known !== undefined && known.kind === kind) return known;
  const { sub, role, exp, jti } = claims;
  const principal = Object.freeze({ username: sub, role, kind, expiresAt: exp * 1000, sessionId: null, signInId: jti });
  principals.set(claims, principal);
  return principal;
}

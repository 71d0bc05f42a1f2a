/**
 * The step the JWT kinds share: check a token's signature and claims, and that it was issued for one of the
 * kinds the caller accepts. The `kind` claim is signed like the rest, so a hybrid token (revocable) can never
 * be replayed as a bearer or cookie-jwt token (which nothing revokes), nor the other way round.
 */
import { performance } from 'node:perf_hooks';
import type { JwtKind, TokenClaims } from '@session-lab/shared';
import type { PublicUser } from '../../users.js';
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

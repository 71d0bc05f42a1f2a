/**
 * `refresh`: a short-lived access token the SPA holds, renewed with a refresh token it never sees.
 *
 * Sign-in creates one row of the session table, the "family" of this sign-in, and hands out two things:
 * - an access token: a JWT with `kind: "refresh"` and the family's public id in `sid`, sent in the
 *   Authorization header like a bearer token and checked the same way, by its signature alone (bearer.ts
 *   hands it to `accessTokenPrincipal` below). No store is read to accept it, so it cannot be revoked: it lives
 *   until its `exp`, which is why it is kept short (TOKEN_TTL_SECONDS, a minute by default);
 * - a refresh token: 256 random bits in an httpOnly cookie whose path is /api/auth/refresh, so the browser
 *   sends it to that route and nowhere else. The row keeps its SHA-256, never the token.
 *
 * POST /api/auth/refresh spends the refresh token: `renew` checks the family (live: not revoked, not idle for
 * REFRESH_IDLE_SECONDS, not past REFRESH_ABSOLUTE_SECONDS), swaps its secret for a new one in one atomic
 * compare-and-swap (store.rotate), and signs a new access token with the user's role as it is now. The old
 * refresh token is retired: its hash still names the family, so when it comes back the server knows.
 *
 * Reuse detection (RFC 9700 §4.14.2). A retired refresh token can only come back if there are two copies of it:
 * the user's and someone else's. The server cannot tell which of the two is the thief, so it revokes the whole
 * family (reason `reuse`) and both are signed out at their next refresh; the teacher's page lists the incident.
 * Two refreshes racing with the same token are the same thing seen at the same moment: only one can win the
 * compare-and-swap, and the loser is treated as reuse.
 *
 * There is no grace period: a token is never accepted a second time, even a moment later. A grace period (say,
 * two seconds in which the same token may be used again) would spare a client whose answer got lost on a slow
 * network, but it is also a window in which a thief's copy works: a thief who replays the token as soon as the
 * user refreshes would be handed a live token instead of setting off the alarm. The SPA instead makes sure it
 * never sends the same token twice: one refresh at a time per tab, and one at a time across tabs (client
 * auth/useSilentRefresh.ts). The price: an answer lost in transit leaves the browser holding a spent token, and
 * its next refresh ends the family, so the user signs in again.
 */
import type { UserRepository } from '../../users.js';
import type { Principal } from '../principal.js';
import {
  hashSecret,
  newPublicId,
  newSessionSecret,
  REVOKED_BY_SERVER,
  SESSION_SECRET_PATTERN,
  sessionEndsAt,
  sessionState,
  type SessionRecord,
  type SessionStore,
} from '../store.js';
import type { AuthTrace } from '../trace.js';
import { USER_AGENT_MAX_LENGTH, type CheckContext, type SessionKindHandler, type Verdict } from './kind.js';
import { checkSignedToken, type Tokens } from './signed-token.js';
import type { TokenClaims } from '@session-lab/shared';

export interface RefreshLimits {
  /** The family ends after this many seconds without a refresh. */
  refreshIdleSeconds: number;
  /** The family ends this many seconds after sign-in, however often it was refreshed. */
  refreshAbsoluteSeconds: number;
}

/** Why a refresh token was refused; the refresh route gives each its own code. */
export type RefreshRefusal = 'unknown' | 'revoked' | 'session-expired' | 'reused';

/** A family found by a refresh token, before anything was changed. */
export interface FoundFamily {
  family: SessionRecord;
  /** The hash of the token that was presented: the family's current one, or a retired one. */
  presentedHash: string;
  /** Who the family belongs to, for the CSRF check and the route. */
  principal: Principal;
}

export interface Renewal {
  /** The new access token and when it expires (ms since the epoch). */
  token: string;
  expiresAt: number;
  /** The new refresh token, for the cookie; when the family ends unless refreshed again; its absolute end. */
  refreshToken: string;
  refreshExpiresAt: number;
  endsAtLatest: number;
}

export interface RefreshKindHandler extends SessionKindHandler {
  /** Finds the family a refresh token names, changing nothing (the CSRF check runs between this and `renew`). */
  findFamily(secret: string, context: CheckContext): Promise<FoundFamily | { refused: RefreshRefusal }>;
  /** Rotates the family's refresh token and signs a new access token, or detects reuse and ends the family. */
  renew(found: FoundFamily, context: CheckContext & { ttlSeconds: number | undefined }): Promise<Renewal | { refused: RefreshRefusal }>;
}

/** The principal of a verified access token: stateless, its family named but not read. */
export function accessTokenPrincipal(claims: TokenClaims): Verdict {
  const { sub, role, exp, sid } = claims;
  // auth.ts refuses a refresh access token without a well-formed `sid`, so it is always there.
  const family = sid ?? '';
  return { principal: { username: sub, role, kind: 'refresh', expiresAt: exp * 1000, sessionId: family, signInId: family } };
}

export function refreshKind(tokens: Tokens, store: SessionStore, users: UserRepository, limits: RefreshLimits, now: () => number): RefreshKindHandler {
  const idleSeconds = Math.min(limits.refreshIdleSeconds, limits.refreshAbsoluteSeconds);

  async function endFamily(family: SessionRecord, at: number, trace: AuthTrace): Promise<{ refused: 'reused' }> {
    await trace.write(() => store.revoke(family.id, { at, by: REVOKED_BY_SERVER, reason: 'reuse' }));
    return { refused: 'reused' };
  }

  return {
    kind: 'refresh',
    async start(user, { ttlSeconds, ip, userAgent }) {
      const createdAt = now();
      const secret = newSessionSecret();
      const family = {
        id: newPublicId(),
        secretHash: hashSecret(secret),
        username: user.username,
        kind: 'refresh' as const,
        createdAt,
        lastSeenAt: createdAt,
        expiresAt: createdAt + limits.refreshAbsoluteSeconds * 1000,
        idleTimeoutSeconds: idleSeconds,
        ip,
        userAgent: userAgent.slice(0, USER_AGENT_MAX_LENGTH),
      };
      await store.create(family);
      const access = tokens.issue(user, 'refresh', ttlSeconds, family.id);
      return {
        credential: access.token,
        expiresAt: access.expiresAt,
        endsAtLatest: family.expiresAt,
        signInId: family.id,
        refresh: { token: secret, expiresAt: sessionEndsAt({ ...family, revokedAt: null, revokedBy: null, revokedReason: null }) },
      };
    },

    check(token, { trace }) {
      const result = checkSignedToken(tokens, token, 'refresh', trace);
      return 'refused' in result ? result : accessTokenPrincipal(result.claims);
    },

    async findFamily(secret, { now: at, trace }) {
      // A value newSessionSecret() could not have made is not looked up at all.
      if (!SESSION_SECRET_PATTERN.test(secret)) return { refused: 'unknown' };
      const presentedHash = hashSecret(secret);
      // Straight to the store, never a cache: a refresh must see the family exactly as it is now.
      const family = await trace.read(() => store.findBySecretHash(presentedHash));
      if (family === undefined || family.kind !== 'refresh') return { refused: 'unknown' };
      const state = sessionState(family, at);
      if (state === 'revoked') return { refused: family.revokedReason === 'reuse' ? 'reused' : 'revoked' };
      if (state === 'expired') return { refused: 'session-expired' };
      const user = users.find(family.username);
      if (user === undefined) return { refused: 'unknown' };
      return {
        family,
        presentedHash,
        principal: { username: user.username, role: user.role, kind: 'refresh', expiresAt: sessionEndsAt(family), sessionId: family.id, signInId: family.id },
      };
    },

    async renew({ family, presentedHash }, { now: at, trace, ttlSeconds }) {
      // A retired token: there are two copies of it. Nobody can say which holder is the thief, so both lose.
      if (family.secretHash !== presentedHash) return endFamily(family, at, trace);

      const secret = newSessionSecret();
      const rotated = await trace.write(() => store.rotate(family.id, presentedHash, hashSecret(secret), at));
      if (!rotated) {
        // Someone else spent this very token between our read and our write (the same token twice at once),
        // or the family ended in that instant. Look again to say which.
        const current = await trace.read(() => store.findById(family.id));
        const state = current === undefined ? 'revoked' : sessionState(current, at);
        if (state === 'expired') return { refused: 'session-expired' };
        if (state === 'revoked') return { refused: current?.revokedReason === 'reuse' ? 'reused' : 'revoked' };
        return endFamily(family, at, trace);
      }

      const user = users.find(family.username);
      if (user === undefined) return { refused: 'unknown' };
      const access = tokens.issue(user, 'refresh', ttlSeconds, family.id);
      const renewed = { ...family, secretHash: hashSecret(secret), lastSeenAt: at };
      return {
        token: access.token,
        expiresAt: access.expiresAt,
        refreshToken: secret,
        refreshExpiresAt: sessionEndsAt(renewed),
        endsAtLatest: family.expiresAt,
      };
    },
  };
}

/**
 * `hybrid`: a JWT in an httpOnly cookie whose `jti` must also be a live row of the session table.
 *
 * The check runs in two steps, in this order:
 * 1. The signature and claims, exactly as for `cookie-jwt`. A forged or tampered token stops here, before
 *    the store is touched, so forging tokens cannot be used to hammer the database.
 * 2. The row: it must exist (found by the SHA-256 of the `jti`), belong to the token's subject, and be
 *    unrevoked and unexpired. This is what makes the token revocable: signing out, "sign out everywhere
 *    else" and a teacher's forced logout mark the row, and the very next request is refused.
 *
 * The verified-token memory (verified-tokens.ts) may answer step 1 for bytes it has already verified, since a
 * signature never changes its mind. It must never answer step 2: a revocation changes the row, not the token,
 * so a remembered "this session is fine" would let a revoked session through until `exp`. The row is read on
 * every request, which is the price of revocation the class notes describe. (With SQLite or Redis, "read" may
 * be a look in this instance's cache of rows it has just read, which a revocation empties before it is
 * answered, or soon after when it happened elsewhere: ../lookup.ts.)
 *
 * The role comes from the token (signed at sign-in), as for the other JWT kinds; the row adds the ability to
 * end the session, the audit (IP, user agent, last seen) and the list of devices.
 */
import type { TokenClaims } from '@session-lab/shared';
import { whenFound, type SessionLookup } from '../lookup.js';
import { hashSecret, newPublicId, sessionState, type SessionStore } from '../store.js';
import { LAST_SEEN_WRITE_INTERVAL_MS, USER_AGENT_MAX_LENGTH, type SessionKindHandler, type Verdict } from './kind.js';
import { checkSignedToken, type Tokens } from './signed-token.js';

/**
 * The SHA-256 of each verified token's `jti`, kept with its claims. The verified-token memory hands every
 * request with the same token the same claims object, so the hash is computed once per token instead of on
 * every request (a call into node:crypto each time); it goes when the claims go.
 */
const rowKeys = new WeakMap<TokenClaims, string>();

function rowKeyOf(claims: TokenClaims): string {
  let key = rowKeys.get(claims);
  if (key === undefined) {
    key = hashSecret(claims.jti);
    rowKeys.set(claims, key);
  }
  return key;
}

export function hybridKind(tokens: Tokens, store: SessionStore, lookup: SessionLookup, now: () => number): SessionKindHandler {
  return {
    kind: 'hybrid',
    async start(user, { ttlSeconds, ip, userAgent }) {
      const { token, expiresAt, jti } = tokens.issue(user, 'hybrid', ttlSeconds);
      const createdAt = now();
      const id = newPublicId();
      await store.create({
        id,
        secretHash: hashSecret(jti),
        username: user.username,
        kind: 'hybrid',
        createdAt,
        lastSeenAt: createdAt,
        // The row lives exactly as long as its token; the token's short life stands in for an idle timeout.
        expiresAt,
        idleTimeoutSeconds: null,
        ip,
        userAgent: userAgent.slice(0, USER_AGENT_MAX_LENGTH),
      });
      return { credential: token, expiresAt, endsAtLatest: expiresAt, signInId: id };
    },

    check(token, { now: at, trace }) {
      const result = checkSignedToken(tokens, token, 'hybrid', trace);
      if ('refused' in result) return result;
      const { sub, role, exp } = result.claims;

      // A row from this instance's cache arrives at once, and then the whole check runs without waiting.
      return whenFound(lookup.find(rowKeyOf(result.claims), trace), (session): Verdict | Promise<Verdict> => {
        if (session === undefined || session.kind !== 'hybrid' || session.username !== sub) return { refused: 'unknown' };
        const state = sessionState(session, at);
        if (state === 'revoked') return { refused: 'revoked' };
        if (state === 'expired') return { refused: 'session-expired' };

        const verdict: Verdict = {
          principal: { username: sub, role, kind: 'hybrid', expiresAt: exp * 1000, sessionId: session.id, signInId: session.id },
        };
        if (at - session.lastSeenAt < LAST_SEEN_WRITE_INTERVAL_MS) return verdict;
        return trace.write(() => store.touch(session.id, at)).then(() => verdict);
      });
    },
  };
}

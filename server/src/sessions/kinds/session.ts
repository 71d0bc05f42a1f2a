/**
 * `session`: the classic server-side session. The browser holds a random id in an httpOnly cookie; the
 * session itself (who, since when, until when) is a row of the session table, read on every request.
 *
 * Signing in creates a new row with a new random id every time, whatever cookie the browser already had,
 * so nobody can plant a known id in a victim's browser and wait for them to sign in (session fixation).
 * The cookie carries 256 random bits; the table keeps only their SHA-256 (store.ts says why).
 *
 * Checking is a store read (or, with SQLite or Redis, a look in this instance's cache of rows it has just read,
 * which a revocation empties before it is answered, or soon after when it happened elsewhere: see
 * ../lookup.ts): the row must exist, be unrevoked, and be within both limits, the idle timeout
 * (no request for SESSION_IDLE_SECONDS) and the absolute lifetime (SESSION_ABSOLUTE_SECONDS after sign-in,
 * however busy). The role is read from the user record, not from anything the browser holds, so it can change
 * while the session lasts. There is no signature to check and no verdict to remember: the row is the truth,
 * and it can change (a revocation) at any moment.
 */
import type { SessionConfig } from '../../config.js';
import type { UserRepository } from '../../users.js';
import { whenFound, type SessionLookup } from '../lookup.js';
import {
  hashSecret,
  newPublicId,
  newSessionSecret,
  SESSION_SECRET_PATTERN,
  sessionEndsAt,
  sessionState,
  type SessionRecord,
  type SessionStore,
} from '../store.js';
import { LAST_SEEN_WRITE_INTERVAL_MS, USER_AGENT_MAX_LENGTH, type SessionKindHandler, type Verdict } from './kind.js';

/**
 * The SHA-256 of the secrets of live sessions this process has recently checked, so a browser's every request
 * does not call into node:crypto again for the same 43 characters (measured by `pnpm bench`: that call was
 * the largest cost of this kind's check). It cannot change a verdict: a hash is a pure function of the secret,
 * and the row it finds is checked exactly as before. Only secrets that matched a live row are kept, so made-up
 * ids cannot fill it, and at most MAX_REMEMBERED_SECRETS, the oldest dropped first. The rule "store the hash,
 * never the secret" is about the session table, which outlives requests and can be read by others (a backup,
 * a `sqlite3` shell); this is the memory of the process that receives the secret with every request anyway.
 */
const MAX_REMEMBERED_SECRETS = 10_000;

export function sessionKind(
  store: SessionStore,
  lookup: SessionLookup,
  users: UserRepository,
  limits: SessionConfig,
  now: () => number,
): SessionKindHandler {
  const hashes = new Map<string, string>();
  const hashOf = (secret: string): string => hashes.get(secret) ?? hashSecret(secret);
  const remember = (secret: string, hash: string): void => {
    if (hashes.has(secret)) return;
    if (hashes.size >= MAX_REMEMBERED_SECRETS) {
      const oldest = hashes.keys().next();
      if (!oldest.done) hashes.delete(oldest.value);
    }
    hashes.set(secret, hash);
  };

  return {
    kind: 'session',
    async start(user, { ttlSeconds, ip, userAgent }) {
      const createdAt = now();
      // A sign-in may ask for a shorter life (the SPA's "session length"), never a longer one.
      const lifetimeSeconds = Math.min(ttlSeconds ?? limits.absoluteSeconds, limits.absoluteSeconds);
      const secret = newSessionSecret();
      const session = {
        id: newPublicId(),
        secretHash: hashSecret(secret),
        username: user.username,
        kind: 'session' as const,
        createdAt,
        lastSeenAt: createdAt,
        expiresAt: createdAt + lifetimeSeconds * 1000,
        idleTimeoutSeconds: Math.min(limits.idleSeconds, lifetimeSeconds),
        ip,
        userAgent: userAgent.slice(0, USER_AGENT_MAX_LENGTH),
      };
      await store.create(session);
      return {
        credential: secret,
        expiresAt: sessionEndsAt({ ...session, revokedAt: null, revokedBy: null, revokedReason: null }),
        endsAtLatest: session.expiresAt,
        signInId: session.id,
      };
    },

    check(secret, { now: at, trace }) {
      // A value that newSessionSecret() could not have made is not looked up at all.
      if (!SESSION_SECRET_PATTERN.test(secret)) return { refused: 'unknown' };
      const hash = hashOf(secret);
      // A row from this instance's cache arrives at once, and then the whole check runs without waiting.
      return whenFound(lookup.find(hash, trace), (session): Verdict | Promise<Verdict> => {
        const state = session === undefined || session.kind !== 'session' ? 'unknown' : sessionState(session, at);
        if (session === undefined || state !== 'live') {
          // A secret whose session has ended is not worth remembering.
          hashes.delete(secret);
          return { refused: state === 'revoked' ? 'revoked' : state === 'expired' ? 'session-expired' : 'unknown' };
        }
        remember(secret, hash);

        const user = users.find(session.username);
        if (user === undefined) return { refused: 'unknown' };
        const accept = (row: SessionRecord): Verdict => ({
          principal: {
            username: user.username,
            role: user.role,
            kind: 'session',
            expiresAt: sessionEndsAt(row),
            sessionId: row.id,
            signInId: row.id,
          },
        });
        if (at - session.lastSeenAt < LAST_SEEN_WRITE_INTERVAL_MS) return accept(session);
        // "Last seen" is due: it is written before the answer, whose idle deadline it moves.
        return trace.write(() => store.touch(session.id, at)).then(() => accept({ ...session, lastSeenAt: at }));
      });
    },
  };
}

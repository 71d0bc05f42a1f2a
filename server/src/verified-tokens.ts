/**
 * A short memory of tokens whose signature this server has already verified, kept until they expire.
 *
 * Why: measured under load on this project's benchmark, a single HMAC-SHA256 through node:crypto costs about
 * 40 µs of CPU per request inside the HTTP server (far more than in a tight loop: every call fetches the
 * algorithm from OpenSSL 3 anew and churns memory), which alone made the protected route about 0.55× as fast
 * as an open one. A browser sends the same token with every request of its session, so almost every check
 * repeats one that already succeeded.
 *
 * Why it is safe:
 * - An entry answers for the whole token, byte for byte. The signature covers the header and the payload, so
 *   the same bytes always give the same verdict; a token changed in a single character matches no entry, and
 *   goes through full verification (and fails it). `checkToken` (plugins/auth.ts) accepts each part only in
 *   its canonical base64url spelling, so one token cannot be remembered under several spellings either.
 * - Only successes are remembered, so nobody can fill the memory without tokens signed with our key, and it
 *   is bounded anyway (the oldest entry is dropped first).
 * - An entry lives exactly as long as the token would pass full verification: until `exp` plus the clock
 *   tolerance, and not one millisecond longer. After that the token goes through the full check again, which
 *   answers TOKEN_EXPIRED. The memory can never make a token outlive its `exp`.
 * - The checks that depend on time do not need the signature again: `exp` is enforced above, `nbf` and `iat`
 *   only ever become easier to satisfy as time passes, and a token that failed them was never remembered.
 *
 * What it does not change: there is still no way to revoke a bearer or cookie-jwt token before `exp` — with or
 * without this memory.
 *
 * What it must never do: answer for the session table. It remembers one fact that cannot change, "we signed
 * these bytes and they have not expired". Whether a session is still live is a different fact, kept in the
 * table, and it changes whenever someone signs out or a teacher ends a session. So the `session` kind never
 * comes here at all (it has no signature), and the `hybrid` kind asks this memory only about its signature
 * and looks up its row on every request (sessions/kinds/hybrid.ts). A memory that said "this hybrid session was
 * fine a moment ago" would keep a revoked session working until `exp`, which is the very thing the table
 * exists to prevent.
 */
import type { TokenClaims } from '@session-lab/shared';

interface Entry {
  /** The whole token: an entry answers only for these exact bytes. */
  token: string;
  /** Frozen by the caller: every request that carries this token receives this very object. */
  claims: Readonly<TokenClaims>;
  /** The last millisecond at which full verification would still accept the token. */
  validUntilMs: number;
}

/** An HS256 signature is 32 bytes, which base64url spells in 43 characters, always the last of the token. */
const SIGNATURE_LENGTH = 43;

/**
 * The key an entry is filed under: the token's last 43 characters, its signature for every token we sign.
 * Looking a string up in a Map first hashes every character of it, and a token is a few hundred characters
 * that arrive as a new string with every request; its signature is as unique and far quicker to hash. Taking
 * it by length rather than by searching for the last dot spares a scan of the string. Whatever the key, an
 * entry keeps the whole token and `lookup` answers only when all of it matches, so the memory still answers
 * for exact bytes alone (a string that is no token of ours simply finds no entry).
 */
function keyOf(token: string): string {
  return token.slice(-SIGNATURE_LENGTH);
}

export class VerifiedTokens {
  /** By signature (`keyOf`). */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries: number,
    private readonly clockToleranceMs: number,
  ) {}

  /** The claims of `token` if it was verified before and is still inside its lifetime, else undefined. */
  lookup(token: string, nowMs: number): Readonly<TokenClaims> | undefined {
    const key = keyOf(token);
    const entry = this.entries.get(key);
    if (entry === undefined || entry.token !== token) return undefined;
    if (nowMs >= entry.validUntilMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.claims;
  }

  remember(token: string, claims: Readonly<TokenClaims>): void {
    if (this.entries.size >= this.maxEntries) {
      // A Map keeps insertion order, so its first key is the oldest entry.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    // One millisecond short of the bound full verification uses, so the two can never disagree at the edge.
    this.entries.set(keyOf(token), { token, claims, validUntilMs: claims.exp * 1000 + this.clockToleranceMs - 1 });
  }

  get size(): number {
    return this.entries.size;
  }
}

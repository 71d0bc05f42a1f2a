/**
 * Signing and verifying tokens: steps 1 and 5 of the story in DEVELOPERS.md, for the kinds whose credential
 * is a JWT (bearer, cookie-jwt, hybrid, and the access token of refresh).
 *
 * `issueToken` signs a short-lived JWT at sign-in. `checkToken` checks a token on every protected request
 * (plugins/authenticate.ts calls it through the kind's own file in sessions/kinds/). The first time the server
 * sees a token, it verifies it in full (shape, signature, algorithm, issuer, audience, dates); when the very
 * same string comes back, it recalls that verdict from a short memory (VerifiedTokens) and only checks the
 * clock against `exp` again, because nothing else about a byte-for-byte identical token can have changed. The
 * SPA's own expiry checks only spare the user a pointless round trip; the server never trusts them. Everything
 * the server will accept is pinned down here, in one options object, so that it accepts only tokens it would
 * have issued itself.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import { createVerifier, TokenError, type VerifierOptions } from 'fast-jwt';
import {
  CLOCK_TOLERANCE_SECONDS,
  COMPACT_JWS_PATTERN,
  JWT_KINDS,
  ROLES,
  SESSION_ID_PATTERN,
  TOKEN_ALGORITHM,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  TOKEN_MAX_LENGTH,
  USERNAME_MAX_LENGTH,
  type JwtKind,
  isCanonicalBase64Url,
  type Role,
  type TokenClaims,
} from '@session-lab/shared';
import type { PublicUser } from '../users.js';
import type { Principal } from '../sessions/principal.js';
import type { IssuedToken, TokenVerdict } from '../sessions/kinds/signed-token.js';
import { VerifiedTokens } from '../verified-tokens.js';

/** What the login route signs; `iss` and `aud` are added by the signer itself, so no caller can change them. */
interface ClaimsToSign {
  sub: string;
  role: Role;
  iat: number;
  exp: number;
  jti: string;
  kind: JwtKind;
  sid?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Signs a token of `kind` for `user` that lives `ttlSeconds` (or the configured default); `sid` names the
     * refresh family an access token of the `refresh` kind belongs to.
     */
    issueToken(user: PublicUser, kind: JwtKind, ttlSeconds?: number, sid?: string): IssuedToken;
    /** Verifies a token: genuine and within its lifetime, or why not. Never throws, whatever the input. */
    checkToken(token: string): TokenVerdict;
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: ClaimsToSign;
    /**
     * Whoever the request's session belongs to, whatever its kind; set by `authenticate`
     * (plugins/authenticate.ts) before any protected handler runs.
     */
    user: Principal;
  }
}

export interface AuthOptions {
  secret: string;
  /** The lifetime of a token when the sign-in does not ask for one. */
  defaultTtlSeconds: number;
}

/**
 * The verification rules. With its defaults, fast-jwt (under @fastify/jwt) would accept every HMAC algorithm,
 * tokens without `exp`, any issuer and any audience. Each option below closes one of those doors.
 */
const VERIFY_OPTIONS = {
  // An allow-list of exactly one algorithm. A token's header names its own algorithm, and an attacker writes
  // that header: without the list, "HS512 with our key" or "none, no signature at all" would be negotiable.
  algorithms: [TOKEN_ALGORITHM],
  allowedIss: TOKEN_ISSUER,
  allowedAud: TOKEN_AUDIENCE,
  // Without `exp` a token would be valid forever; the other claims are ones every token we sign carries.
  requiredClaims: ['sub', 'role', 'iat', 'exp', 'iss', 'aud', 'jti', 'kind'],
  // fast-jwt counts the tolerance in milliseconds, while JWT claims and our constant count seconds.
  clockTolerance: CLOCK_TOLERANCE_SECONDS * 1000,
  // fast-jwt's own cache is off: it hashes every token with SHA-256 to make its key, which costs about as
  // much as the HMAC it saves. `VerifiedTokens` below does the remembering instead (see there why it is safe).
  cache: false,
} satisfies Partial<VerifierOptions>;

const SESSION_ID = new RegExp(SESSION_ID_PATTERN);
const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);
const isJwtKind = (value: unknown): value is JwtKind => (JWT_KINDS as readonly unknown[]).includes(value);

/**
 * The signature proves we signed the payload, and fast-jwt has checked the registered claims. This last check
 * makes sure the payload also has the shape the routes rely on, so a token signed with our key for some other
 * purpose can never reach a handler with, say, a numeric `sub` or an unknown role. It also refuses an `iat`
 * in the future, which fast-jwt leaves alone: we never issue one, so such a token was not made by us.
 */
function hasOurShape(payload: Record<string, unknown>, nowSeconds: number): payload is TokenClaims & Record<string, unknown> {
  const { sub, role, iat, exp, aud, jti, kind, sid } = payload;
  return (
    typeof sub === 'string' &&
    sub.length > 0 &&
    sub.length <= USERNAME_MAX_LENGTH &&
    isRole(role) &&
    typeof iat === 'number' &&
    iat <= nowSeconds + CLOCK_TOLERANCE_SECONDS &&
    typeof exp === 'number' &&
    exp > iat &&
    typeof aud === 'string' &&
    typeof jti === 'string' &&
    // Which kind the token was issued for; each kind's check (sessions/kinds/) then insists on its own.
    isJwtKind(kind) &&
    // A family id only where one belongs: on a refresh access token, and always there.
    (kind === 'refresh' ? typeof sid === 'string' && SESSION_ID.test(sid) : sid === undefined)
  );
}

/**
 * Freezes the claims and everything inside them. The memory of verified tokens hands the same object to every
 * request that carries the token, so a handler that changed `request.user` would change the principal of
 * other requests too; frozen, such a write fails (a TypeError in strict mode) and touches nobody.
 */
function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

async function auth(fastify: FastifyInstance, options: AuthOptions): Promise<void> {
  // @fastify/jwt gives us `fastify.jwt.sign` with fixed options. It is given the same verification rules, so
  // `fastify.jwt.verify` and `request.jwtVerify` would be just as strict if someone used them, but
  // `checkToken` below calls a verifier of its own (see there why).
  await fastify.register(fastifyJwt, {
    secret: options.secret,
    sign: { algorithm: TOKEN_ALGORITHM, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE },
    verify: VERIFY_OPTIONS,
  });

  // Built once at start-up. `request.jwtVerify()` would merge option objects and run a callback chain on every
  // request; calling the verifier directly does only the work the check needs.
  const verify = createVerifier({ ...VERIFY_OPTIONS, key: options.secret });
  // Up to 10 000 sessions' tokens (a few MB at most); the oldest is forgotten first when it is full.
  const verified = new VerifiedTokens(10_000, CLOCK_TOLERANCE_SECONDS * 1000);

  fastify.decorate('issueToken', function issueToken(user: PublicUser, kind: JwtKind, ttlSeconds = options.defaultTtlSeconds, sid?: string) {
    // `iat` and `exp` are computed here rather than by the signer, so the lifetime is visible in one line.
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + ttlSeconds;
    // `jti` makes each token unique, so two sign-ins in the same second still give two different tokens.
    const jti = randomUUID();
    const token = fastify.jwt.sign({ sub: user.username, role: user.role, iat, exp, jti, kind, ...(sid === undefined ? {} : { sid }) });
    return { token, expiresAt: exp * 1000, jti };
  });

  fastify.decorate('checkToken', function checkToken(token: string): TokenVerdict {
    // An oversized token is refused before anything else looks at it, the memory below included.
    if (token.length > TOKEN_MAX_LENGTH) return { valid: false, outcome: 'invalid' };

    // These very bytes were fully verified earlier and their lifetime is not over: the verdict stands. Only
    // tokens that passed every check below were ever remembered, so an exact match has passed them already.
    const now = Date.now();
    const known = verified.lookup(token, now);
    if (known !== undefined) return { valid: true, claims: known, remembered: true };

    // Cheap checks next: an oddly shaped token is refused before any parser or crypto sees it.
    if (!COMPACT_JWS_PATTERN.test(token)) return { valid: false, outcome: 'invalid' };
    // Each part must be spelled canonically. A decoder ignores the few unused bits of a part's last character,
    // so without this check several strings (the signature's last character changed from, say, Q to R) would
    // carry the same signature and all be accepted: one token, many spellings, each a new entry in the memory.
    if (!token.split('.').every(isCanonicalBase64Url)) return { valid: false, outcome: 'invalid' };

    let payload: Record<string, unknown>;
    try {
      payload = verify(token) as Record<string, unknown>;
    } catch (error) {
      // The one place where verification failures are classified. Only a genuine token whose time is up is
      // "expired" (fast-jwt checks the signature before the dates); every other failure, whatever fast-jwt
      // calls it, and even an error nobody foresaw, is "invalid". So no token can ever cause a 500.
      const expired = error instanceof TokenError && error.code === TokenError.codes.expired;
      return { valid: false, outcome: expired ? 'expired' : 'invalid' };
    }
    if (!hasOurShape(payload, now / 1000)) return { valid: false, outcome: 'invalid' };

    const claims = deepFreeze(payload);
    verified.remember(token, claims);
    return { valid: true, claims, remembered: false };
  });
}

export default fp(auth, { name: 'auth', fastify: '5.x' });

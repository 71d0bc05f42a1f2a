import type { CookieKind, Role, SessionKind, SessionView, TokenClaims } from '@session-lab/shared';
import { decodeJsonPart, encodeJsonPart, TOKEN_AUDIENCE, TOKEN_ISSUER } from '@session-lab/shared';


/**
 * Builds a token shaped like the server's. The signature is fake: the browser never verifies signatures
 * (it cannot, it has no key), so for the SPA's tests only the header and the claims matter.
 */
export function makeToken(overrides: Partial<TokenClaims> & { lifetimeSeconds?: number } = {}, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const { lifetimeSeconds = 60, ...claims } = overrides;
  const iat = Math.floor(Date.now() / 1000);
  const payload: TokenClaims = {
    sub: 'student',
    role: 'student',
    iat,
    exp: iat + lifetimeSeconds,
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    jti: 'test-token',
    kind: 'bearer',
    ...claims,
  };
  return `${encodeJsonPart(header)}.${encodeJsonPart(payload)}.c2lnbmF0dXJl`;
}

export function loginReply(token: string) {
  const claims = decodeJsonPart(token.split('.')[1]!) as TokenClaims;
  return {
    status: 200,
    data: {
      kind: 'bearer',
      token,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      user: { username: claims.sub, role: claims.role },
    },
  };
}

/** The server's answer to a sign-in with a cookie kind: no credential in it, only who, until when and the CSRF token. */
export function cookieLoginReply(
  kind: CookieKind,
  { username = 'student', role = username as Role, lifetimeSeconds = 60, csrfToken = 'csrf-token-1' }: { username?: string; role?: Role; lifetimeSeconds?: number; csrfToken?: string } = {},
) {
  return {
    status: 200,
    data: { kind, expiresAt: new Date(Date.now() + lifetimeSeconds * 1000).toISOString(), user: { username, role }, csrfToken },
  };
}

/** An access token of the `refresh` kind: its `sid` names the family, as the server's does. */
export function makeAccessToken(overrides: Partial<TokenClaims> & { lifetimeSeconds?: number } = {}): string {
  return makeToken({ kind: 'refresh', sid: 'family-public-id-00000', jti: `access-${Math.random()}`, ...overrides });
}

/** The server's answer to a `refresh` sign-in: the access token, when the family ends, the CSRF token. */
export function refreshLoginReply(token: string, { familySeconds = 1800, csrfToken = 'csrf-refresh' } = {}) {
  const claims = decodeJsonPart(token.split('.')[1]!) as TokenClaims;
  return {
    status: 200,
    data: {
      kind: 'refresh',
      token,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      refreshExpiresAt: new Date(Date.now() + familySeconds * 1000).toISOString(),
      user: { username: claims.sub, role: claims.role },
      csrfToken,
    },
  };
}

/** The answer of POST /api/auth/refresh: a new access token (the new refresh token is in a cookie). */
export function refreshReply(token: string, { familySeconds = 1800 } = {}) {
  const claims = decodeJsonPart(token.split('.')[1]!) as TokenClaims;
  return {
    status: 200,
    headers: { 'server-timing': 'sl-kind;desc=refresh, sl-store-read;dur=0.02, sl-store-write;dur=0.05, sl-outcome;desc=valid' },
    data: {
      token,
      expiresAt: new Date(claims.exp * 1000).toISOString(),
      refreshExpiresAt: new Date(Date.now() + familySeconds * 1000).toISOString(),
    },
  };
}

/** GET /api/me for a live session of `kind`. */
export function meReply(kind: SessionKind, { username = 'student', role = username as Role, lifetimeSeconds = 60 }: { username?: string; role?: Role; lifetimeSeconds?: number } = {}) {
  return {
    status: 200,
    headers: { 'server-timing': `sl-kind;desc=${kind}, sl-store-read;dur=0.02, sl-outcome;desc=valid` },
    data: { username, role, kind, expiresAt: new Date(Date.now() + lifetimeSeconds * 1000).toISOString() },
  };
}

/** A row of the session table as GET /api/sessions shows it. */
export function sessionRow(overrides: Partial<SessionView> = {}): SessionView {
  const at = new Date(Date.now() - 60_000).toISOString();
  return {
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    kind: 'session',
    createdAt: at,
    lastSeenAt: at,
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
    absoluteExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    ip: '127.0.0.1',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
    current: false,
    ...overrides,
  };
}

import type { TokenClaims } from '@session-lab/shared';
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

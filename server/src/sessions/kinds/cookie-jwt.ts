/**
 * `cookie-jwt`: the same signed JWT as `bearer`, but in an httpOnly cookie.
 *
 * What changes: page scripts cannot read the token any more (an XSS can still *use* the session while the
 * page is open, but cannot carry the token away), and the browser now attaches it to every request to our
 * API by itself, including requests another site triggers, so state-changing requests need a CSRF defence.
 * What does not change: the check is the signature alone, with no store, so nothing can revoke the token;
 * signing out clears the cookie in this browser, and a copy taken earlier works until `exp`.
 */
import type { SessionKindHandler } from './kind.js';
import { checkSignedToken, principalOf, type Tokens } from './signed-token.js';

export function cookieJwtKind(tokens: Tokens): SessionKindHandler {
  return {
    kind: 'cookie-jwt',
    async start(user, { ttlSeconds }) {
      const { token, expiresAt, jti } = tokens.issue(user, 'cookie-jwt', ttlSeconds);
      return { credential: token, expiresAt, endsAtLatest: expiresAt, signInId: jti };
    },
    check(token, { trace }) {
      const result = checkSignedToken(tokens, token, 'cookie-jwt', trace);
      if ('refused' in result) return result;
      return { principal: principalOf(result.claims, 'cookie-jwt') };
    },
  };
}

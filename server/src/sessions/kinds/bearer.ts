/**
 * `bearer`: the client-side session, the story Session Lab started with.
 *
 * Sign-in answers with a signed JWT; the SPA keeps it (sessionStorage) and sends it in
 * `Authorization: Bearer <token>` with every request. The check is the signature and the claims, nothing
 * else: the server keeps no record of the session, so nothing can end it before `exp`, and signing out only
 * makes the browser forget the token. Any script on the page can read it; no other site can make the
 * browser send it, so it needs no CSRF defence.
 *
 * Every token that arrives in the Authorization header is checked here, because the access tokens of the
 * `refresh` kind travel there too and are checked in exactly the same way, signature and claims alone. Their
 * signed `kind` claim says which they are, and refresh.ts turns such a token into its principal.
 */
import type { SessionKindHandler } from './kind.js';
import { accessTokenPrincipal } from './refresh.js';
import { checkSignedToken, principalOf, type Tokens } from './signed-token.js';

const HEADER_KINDS = ['bearer', 'refresh'] as const;

export function bearerKind(tokens: Tokens): SessionKindHandler {
  return {
    kind: 'bearer',
    async start(user, { ttlSeconds }) {
      const { token, expiresAt, jti } = tokens.issue(user, 'bearer', ttlSeconds);
      return { credential: token, expiresAt, endsAtLatest: expiresAt, signInId: jti };
    },
    check(token, { trace }) {
      const result = checkSignedToken(tokens, token, HEADER_KINDS, trace);
      if ('refused' in result) return result;
      if (result.claims.kind === 'refresh') {
        trace.kind = 'refresh';
        return accessTokenPrincipal(result.claims);
      }
      return { principal: principalOf(result.claims, 'bearer') };
    },
  };
}

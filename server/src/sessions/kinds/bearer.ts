/**
 * `bearer`: the client-side session, the story Session Lab started with.
 *
 * Sign-in answers with a signed JWT; the SPA keeps it (sessionStorage) and sends it in
 * `Authorization: Bearer <token>` with every request. The check is the signature and the claims, nothing
 * else: the server keeps no record of the session, so nothing can end it before `exp`, and signing out only
 * makes the browser forget the token. Any script on the page can read it; no other site can make the
 * browser send it, so it needs no CSRF defence.
 */
import type { SessionKindHandler } from './kind.js';
import { checkSignedToken, type Tokens } from './signed-token.js';

export function bearerKind(tokens: Tokens): SessionKindHandler {
  return {
    kind: 'bearer',
    async start(user, { ttlSeconds }) {
      const { token, expiresAt, jti } = tokens.issue(user, 'bearer', ttlSeconds);
      return { credential: token, expiresAt, endsAtLatest: expiresAt, signInId: jti };
    },
    check(token, { trace }) {
      const result = checkSignedToken(tokens, token, 'bearer', trace);
      if ('refused' in result) return result;
      const { sub, role, exp, jti } = result.claims;
      return { principal: { username: sub, role, kind: 'bearer', expiresAt: exp * 1000, sessionId: null, signInId: jti } };
    },
  };
}

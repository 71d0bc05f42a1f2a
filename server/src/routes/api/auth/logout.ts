/**
 * POST /api/auth/logout: ends this browser's session, as far as each kind allows, and always answers 204.
 *
 * - `session` and `hybrid`: the row is revoked (reason "logout"). A copy of the cookie taken before is now
 *   refused with SESSION_REVOKED: signing out really ends the session, everywhere.
 * - `cookie-jwt`: the cookie is cleared in this browser, and that is all. The token itself cannot be revoked:
 *   a copy taken before keeps working until its `exp`. That is the lesson of stateless tokens.
 * - `bearer`: nothing to do on the server at all; the SPA forgets the token. Same lesson.
 * - `refresh` (signed out with its access token): the family is revoked, so no copy of the refresh token can
 *   renew it any more, and the refresh cookie is cleared. The access token itself lives until its short `exp`.
 *   The SPA signs out with DELETE /api/auth/refresh instead, which works even after the access token expired.
 *
 * A cookie session must pass the CSRF check here too (another site must not be able to sign you out). A
 * session that has already ended, or none at all, is not an error: the cookies are cleared and the answer is
 * the same 204, so signing out always leaves the browser signed out.
 */
import type { RoutePlugin } from '../../route-plugin.js';
import { API_PATHS } from '@session-lab/shared';
import { errorResponses } from '../../../plugins/errors.js';
import { principalOf } from '../../../plugins/authenticate.js';

const logout: RoutePlugin = async (fastify) => {
  fastify.post(
    API_PATHS.logout,
    {
      onRequest: fastify.authenticateIfAny,
      schema: { response: { 204: { type: 'null' }, ...errorResponses(403, 500) } },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal?.sessionId != null) {
        await fastify.sessionStore.revoke(principal.sessionId, {
          at: fastify.sessionClock(),
          by: principal.username,
          reason: 'logout',
        });
      }
      fastify.sessionCookies.clearAll(reply, { csrf: true });
      return reply.code(204).send(null);
    },
  );
};

export default logout;

/**
 * DELETE /api/admin/users/:username/sessions: a teacher signs a user out everywhere (forced logout). Every
 * live row of theirs is revoked at once (refresh families included); the answer says how many. Tokens of the JWT
 * kinds are untouched, because nothing on the server can reach them: that is the difference the comparison table
 * is about. A refresh session's access token too lives on until its short `exp`; its next refresh is refused.
 */
import type { RoutePlugin } from '../../route-plugin.js';
import { API_PATHS, revokedCountResponseSchema, usernameParamsSchema } from '@session-lab/shared';
import { errorResponses } from '../../../plugins/errors.js';

const adminUsers: RoutePlugin = async (fastify) => {
  fastify.delete(
    API_PATHS.adminUserSessions,
    {
      onRequest: [fastify.authenticate, fastify.requireRole('teacher')],
      schema: { params: usernameParamsSchema, response: { 200: revokedCountResponseSchema, ...errorResponses(400, 401, 403, 500) } },
    },
    async (request) => {
      const revocation = { at: fastify.sessionClock(), by: request.user.username, reason: 'admin' } as const;
      return { revoked: await fastify.sessionStore.revokeAllOf(request.params.username, revocation) };
    },
  );
};

export default adminUsers;

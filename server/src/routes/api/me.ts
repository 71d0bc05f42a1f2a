/**
 * GET /api/me: who the caller is, with which kind of session, and until when.
 *
 * Everything in the answer comes from the principal that `authenticate` has just established. For the JWT
 * kinds that is the verified token and nothing else: the token itself carries the session, and the server only
 * checks that it is genuine and still valid. For `session` and `hybrid` it also took a read of the session
 * table, which is why, after a reload, a cookie session can only be known by asking here.
 */
import type { RoutePlugin } from '../route-plugin.js';
import { API_PATHS, meResponseSchema } from '@session-lab/shared';
import { errorResponses } from '../../plugins/errors.js';

const me: RoutePlugin = async (fastify) => {
  fastify.get(
    API_PATHS.me,
    {
      onRequest: fastify.authenticate,
      schema: { response: { 200: meResponseSchema, ...errorResponses(401, 500) } },
    },
    async (request) => {
      const { username, role, expiresAt, kind } = request.user;
      return { username, role, expiresAt: new Date(expiresAt).toISOString(), kind };
    },
  );
};

export default me;

/**
 * GET /api/me: who the verified token says the caller is, and when that token expires.
 *
 * Everything in the answer comes from the token that `authenticate` has just verified; nothing is looked up.
 * That is what a client-side session means: the token itself carries the session, and the server only checks
 * that it is genuine and still valid.
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
      const { sub, role, exp } = request.user;
      return { username: sub, role, expiresAt: new Date(exp * 1000).toISOString() };
    },
  );
};

export default me;

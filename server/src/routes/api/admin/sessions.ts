/**
 * The teacher's view of the session table: every live session, whoever it belongs to.
 *
 * - GET /api/admin/sessions: list them, with the username of each.
 * - DELETE /api/admin/sessions/:id: end one (a forced logout of that device). Its owner's next request is
 *   refused with SESSION_REVOKED, and the row stays, marked "revoked by <teacher>, admin", for the audit.
 *
 * `requireRole('teacher')` runs after `authenticate`: a student is signed in, so they get 403 FORBIDDEN rather
 * than 401, and the SPA hiding the page changes nothing about what the API allows.
 */
import type { RoutePlugin } from '../../route-plugin.js';
import { adminSessionsResponseSchema, API_PATHS, sessionIdParamsSchema } from '@session-lab/shared';
import { errorResponses } from '../../../plugins/errors.js';
import { adminSessionView } from '../../../sessions/views.js';
import { SESSION_NOT_FOUND } from '../sessions/index.js';

const adminSessions: RoutePlugin = async (fastify) => {
  const store = fastify.sessionStore;
  const teachersOnly = [fastify.authenticate, fastify.requireRole('teacher')];

  fastify.get(
    API_PATHS.adminSessions,
    {
      onRequest: teachersOnly,
      schema: { response: { 200: adminSessionsResponseSchema, ...errorResponses(401, 403, 500) } },
    },
    async (request) => {
      const live = await store.listLive({}, fastify.sessionClock());
      return { sessions: live.map((session) => adminSessionView(session, request.user.sessionId)) };
    },
  );

  fastify.delete(
    API_PATHS.adminSession,
    {
      onRequest: teachersOnly,
      schema: { params: sessionIdParamsSchema, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404, 500) } },
    },
    async (request, reply) => {
      const revoked = await store.revoke(request.params.id, {
        at: fastify.sessionClock(),
        by: request.user.username,
        reason: 'admin',
      });
      if (!revoked) return reply.code(404).send(SESSION_NOT_FOUND);
      if (request.params.id === request.user.sessionId) fastify.sessionCookies.clearAll(reply, { csrf: true });
      return reply.code(204).send(null);
    },
  );
};

export default adminSessions;

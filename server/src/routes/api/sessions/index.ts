/**
 * The caller's own sessions ("devices"): the rows of the session table that belong to them and are still live.
 *
 * - GET /api/sessions: list them, the one making this request marked `current`.
 * - DELETE /api/sessions/:id: end one of them (this one included: that is signing out).
 * - DELETE /api/sessions: end all the others ("sign out everywhere else").
 *
 * Only the `session`, `hybrid` and `refresh` kinds have rows (for `refresh`, the family of the sign-in: ending
 * it stops the next refresh, while the access token in use lives on until its short `exp`). A caller signed in
 * with `bearer` or `cookie-jwt` sees their table sessions from other devices, but the token they are using now
 * is not among them: there is nothing on the server to list or to end. A session of someone else answers 404, exactly like one that does not exist, so
 * nobody can learn which ids are in use.
 */
import type { RoutePlugin } from '../../route-plugin.js';
import {
  API_PATHS,
  ErrorCode,
  revokedCountResponseSchema,
  sessionIdParamsSchema,
  sessionsResponseSchema,
} from '@session-lab/shared';
import { errorBody, errorResponses } from '../../../plugins/errors.js';
import { sessionState } from '../../../sessions/store.js';
import { sessionView } from '../../../sessions/views.js';

export const SESSION_NOT_FOUND = errorBody(404, ErrorCode.SESSION_NOT_FOUND, 'No live session with this id is yours to end.');

const sessions: RoutePlugin = async (fastify) => {
  const store = fastify.sessionStore;

  fastify.get(
    API_PATHS.sessions,
    {
      onRequest: fastify.authenticate,
      schema: { response: { 200: sessionsResponseSchema, ...errorResponses(401, 500) } },
    },
    async (request) => {
      const { username, sessionId } = request.user;
      const live = await store.listLive({ username }, fastify.sessionClock());
      return { sessions: live.map((session) => sessionView(session, sessionId)) };
    },
  );

  fastify.delete(
    API_PATHS.sessions,
    {
      onRequest: fastify.authenticate,
      schema: { response: { 200: revokedCountResponseSchema, ...errorResponses(401, 403, 500) } },
    },
    async (request) => {
      const { username, sessionId } = request.user;
      const revocation = { at: fastify.sessionClock(), by: username, reason: 'user' } as const;
      return { revoked: await store.revokeAllOf(username, revocation, sessionId ?? undefined) };
    },
  );

  fastify.delete(
    API_PATHS.session,
    {
      onRequest: fastify.authenticate,
      schema: { params: sessionIdParamsSchema, response: { 204: { type: 'null' }, ...errorResponses(400, 401, 403, 404, 500) } },
    },
    async (request, reply) => {
      const { username, sessionId } = request.user;
      const now = fastify.sessionClock();
      const session = await store.findById(request.params.id);
      if (session === undefined || session.username !== username || sessionState(session, now) !== 'live') {
        return reply.code(404).send(SESSION_NOT_FOUND);
      }
      await store.revoke(session.id, { at: now, by: username, reason: 'user' });
      // Ending the session this request came with is signing out: the browser may drop its cookie too.
      if (session.id === sessionId) fastify.sessionCookies.clearAll(reply, { csrf: true });
      return reply.code(204).send(null);
    },
  );
};

export default sessions;

/**
 * GET /api/auth/csrf: the CSRF token of the current cookie session.
 *
 * The sign-in answer carries one, but a reloaded page has lost it (the SPA keeps it in memory only, and the
 * cookie that proves the session is out of its reach by design). The token is bound to this session, so
 * handing it to whoever holds the session cookie gives nothing away; another site cannot read this answer.
 * A bearer session has no use for one and gets 400.
 */
import type { RoutePlugin } from '../../route-plugin.js';
import { API_PATHS, csrfResponseSchema, ErrorCode, isCookieKind } from '@session-lab/shared';
import { errorBody, errorResponses } from '../../../plugins/errors.js';

const NOT_A_COOKIE_SESSION = errorBody(
  400,
  ErrorCode.BAD_REQUEST,
  'Only cookie sessions use a CSRF token; a bearer token cannot be sent by another site, so it needs none.',
);

const csrf: RoutePlugin = async (fastify) => {
  fastify.get(
    API_PATHS.csrf,
    {
      onRequest: fastify.authenticate,
      schema: { response: { 200: csrfResponseSchema, ...errorResponses(400, 401, 500) } },
    },
    async (request, reply) => {
      if (!isCookieKind(request.user.kind)) return reply.code(400).send(NOT_A_COOKIE_SESSION);
      return { csrfToken: fastify.csrfTokenFor(request, reply, request.user.signInId) };
    },
  );
};

export default csrf;

/**
 * /api/auth/refresh: the one route the refresh token's cookie is sent to (its `Path`), for the `refresh` kind.
 *
 * - POST: spends the refresh token. Answers a new access token, and sets a new refresh token in the cookie;
 *   the old one is retired. A retired one coming back is reuse: the family is revoked and the answer is
 *   401 REFRESH_TOKEN_REUSED, for this caller and for every later refresh of the family (sessions/kinds/refresh.ts).
 * - DELETE: signs out. The family is revoked (reason "logout") and the cookie cleared. It needs no access
 *   token, so it works even when the page's access token has already expired.
 * - GET: the CSRF token of the family, for a page that was reloaded or opened in a new tab. Changes nothing.
 *
 * The refresh token arrives in a cookie, which the browser attaches by itself, so POST and DELETE are
 * state-changing requests that must prove they come from our page: the same CSRF check as the cookie kinds
 * (plugins/csrf.ts), with a token bound to the family's id. The check runs after the family is found (the
 * token is bound to it) and before anything is changed, so a forged request spends nothing and revokes nothing.
 *
 * Every answer carries `Server-Timing` like a protected request (`sl-kind;desc=refresh`, the store read and
 * write, the outcome), so the classroom timeline can show each silent refresh.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../../route-plugin.js';
import {
  API_PATHS,
  csrfResponseSchema,
  ErrorCode,
  REFRESH_COOKIE_PATH,
  refreshBodySchema,
  refreshResponseSchema,
} from '@session-lab/shared';
import { errorBody, errorResponses } from '../../../plugins/errors.js';
import { CHALLENGE, REFUSALS } from '../../../plugins/authenticate.js';
import type { FoundFamily, RefreshRefusal } from '../../../sessions/kinds/refresh.js';
import { AuthTrace } from '../../../sessions/trace.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The family the request's refresh token names, set by `findFamily` on this route only. */
    refreshFamily: { found: FoundFamily; trace: AuthTrace } | null;
  }
}

const NO_REFRESH_TOKEN = errorBody(
  401,
  ErrorCode.TOKEN_MISSING,
  `This route needs the refresh token of a "refresh" sign-in, in its cookie (sent only to ${REFRESH_COOKIE_PATH}).`,
);

/** The refresh route's refusals use the same bodies as the session check, so a code means one thing everywhere. */
const REFRESH_REFUSALS: Record<RefreshRefusal, (typeof REFUSALS)[RefreshRefusal]> = {
  unknown: REFUSALS.unknown,
  revoked: REFUSALS.revoked,
  'session-expired': REFUSALS['session-expired'],
  reused: REFUSALS.reused,
};


const refresh: RoutePlugin = async (fastify) => {
  const cookies = fastify.sessionCookies;
  const kind = fastify.refreshKind;
  const now = fastify.sessionClock;

  fastify.decorateRequest('refreshFamily', null);

  function refuse(reply: FastifyReply, trace: AuthTrace, refusal: RefreshRefusal): FastifyReply {
    reply.header('server-timing', trace.header(refusal));
    // A refused refresh token will never work again; the browser may as well stop sending it. Except after
    // reuse: two copies were in flight, and this refusal may reach the very browser whose other request has
    // just received the new cookie. Clearing it would turn that browser's next refresh into a puzzling
    // TOKEN_MISSING; left alone, it is told REFRESH_TOKEN_REUSED, which says what happened.
    if (refusal !== 'reused') cookies.clearRefresh(reply);
    return reply.code(401).header('www-authenticate', CHALLENGE).send(REFRESH_REFUSALS[refusal].body);
  }

  /** Finds the family (and its owner, for the CSRF check) without changing anything. */
  async function findFamily(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const trace = new AuthTrace();
    trace.kind = 'refresh';
    const secret = cookies.refreshToken(request);
    if (secret === undefined) {
      reply.header('server-timing', trace.header('missing'));
      // Returning the reply tells Fastify the answer is sent and no later hook or handler may run.
      return reply.code(401).header('www-authenticate', CHALLENGE).send(NO_REFRESH_TOKEN);
    }
    const found = await kind.findFamily(secret, { now: now(), trace });
    if ('refused' in found) return refuse(reply, trace, found.refused);
    request.user = Object.freeze(found.principal);
    request.refreshFamily = { found, trace };
    return undefined;
  }

  const checkCsrf = fastify.checkCsrf.bind(fastify);

  fastify.post(
    API_PATHS.refresh,
    {
      onRequest: [findFamily, checkCsrf],
      schema: { body: refreshBodySchema, response: { 200: refreshResponseSchema, ...errorResponses(400, 401, 403, 415, 500) } },
    },
    async (request, reply) => {
      const { found, trace } = request.refreshFamily!;
      const renewed = await kind.renew(found, { now: now(), trace, ttlSeconds: request.body?.ttlSeconds });
      if ('refused' in renewed) return refuse(reply, trace, renewed.refused);
      trace.expiresAt = renewed.refreshExpiresAt;
      reply.header('server-timing', trace.header('valid'));
      cookies.setRefresh(reply, renewed.refreshToken, renewed.endsAtLatest);
      return {
        token: renewed.token,
        expiresAt: new Date(renewed.expiresAt).toISOString(),
        refreshExpiresAt: new Date(renewed.refreshExpiresAt).toISOString(),
      };
    },
  );

  fastify.delete(
    API_PATHS.refresh,
    { onRequest: [findFamily, checkCsrf], schema: { response: { 204: { type: 'null' }, ...errorResponses(401, 403, 500) } } },
    async (request, reply) => {
      const { found, trace } = request.refreshFamily!;
      // A retired token signs out too: whoever holds it, ending the family is what both of them would want.
      await trace.write(() => fastify.sessionStore.revoke(found.family.id, { at: now(), by: found.principal.username, reason: 'logout' }));
      reply.header('server-timing', trace.header('valid'));
      cookies.clearAll(reply, { csrf: true });
      return reply.code(204).send(null);
    },
  );

  fastify.get(
    API_PATHS.refresh,
    { onRequest: findFamily, schema: { response: { 200: csrfResponseSchema, ...errorResponses(401, 500) } } },
    async (request, reply) => {
      const { found, trace } = request.refreshFamily!;
      trace.expiresAt = found.principal.expiresAt;
      reply.header('server-timing', trace.header('valid'));
      return { csrfToken: fastify.csrfTokenFor(request, reply, found.family.id) };
    },
  );
};

export default refresh;

/**
 * POST /api/auth/login: step 1 of the story. Checks a username and password and starts a session of the kind
 * the body asks for (`bearer` when it asks for none): a signed, short-lived token in the answer, or for the
 * cookie kinds a credential in an httpOnly cookie and a CSRF token in the answer, or for `refresh` both: an
 * access token in the answer and a refresh token in a cookie only POST /api/auth/refresh receives. How each kind
 * starts its session is in its own file in sessions/kinds/.
 *
 * Before this handler runs, Fastify has already refused a body that is not JSON (415), larger than 1 KiB
 * (413), unparseable or carrying a `__proto__` key (400 INVALID_JSON), or that breaks the schema in any way:
 * a missing or unknown field, a number where a string belongs, a 10 000-character username (400
 * VALIDATION_FAILED). So the handler only ever sees two strings of sane length and perhaps an integer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RoutePlugin } from '../../route-plugin.js';
import {
  API_PATHS,
  ErrorCode,
  isCookieKind,
  LOGIN_BODY_LIMIT_BYTES,
  setsCookieAtSignIn,
  loginBodySchema,
  loginResponseSchema,
} from '@session-lab/shared';
import { errorBody, errorResponses } from '../../../plugins/errors.js';
import { FOREIGN_ORIGIN } from '../../../plugins/csrf.js';

/**
 * One answer for a wrong password and for an unknown username, word for word, so that nobody can find out
 * which accounts exist by trying names. UserStore makes both cases take the same time as well.
 */
const INVALID_CREDENTIALS = errorBody(401, ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password.');

const SERVER_BUSY = errorBody(503, ErrorCode.SERVER_BUSY, 'The server is checking too many passwords at once. Try again shortly.');

/**
 * A sign-in replaces whatever session this browser had, and clears every session cookie it sent. So every
 * live row of the session table that the request's credentials name is revoked ("replaced"): the bearer
 * header's and each cookie's, not only the one a protected route would have used (the header wins there), or a
 * cookie cleared here would leave its row live and unseen beside the new session. Only a credential that
 * passes its kind's check counts: holding it is what proves the row is this browser's to end.
 */
async function endPreviousSessions(fastify: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const ended = new Set<string>();
  for (const { verdict } of await fastify.identifyAll(request, reply)) {
    if (!('principal' in verdict)) continue;
    const { sessionId, username } = verdict.principal;
    if (sessionId === null || ended.has(sessionId)) continue;
    ended.add(sessionId);
    await fastify.sessionStore.revoke(sessionId, { at: fastify.sessionClock(), by: username, reason: 'replaced' });
  }
}

const login: RoutePlugin = async (fastify) => {
  fastify.post(
    API_PATHS.login,
    {
      bodyLimit: LOGIN_BODY_LIMIT_BYTES,
      schema: {
        body: loginBodySchema,
        response: { 200: loginResponseSchema, ...errorResponses(400, 401, 403, 413, 415, 429, 500, 503) },
      },
    },
    async (request, reply) => {
      const { username, password, ttlSeconds, kind = 'bearer' } = request.body;

      // A sign-in that sets a cookie is itself a state-changing request another site could trigger (to sign
      // the victim into the attacker's account, "login CSRF"). It has no session and no token yet, so only
      // the origin check applies.
      if (setsCookieAtSignIn(kind) && !fastify.isFromOurOrigin(request)) return reply.code(403).send(FOREIGN_ORIGIN);

      // Checked (and counted) before the password, so a throttled guess costs the server nothing.
      const retryAfterSeconds = await fastify.loginThrottle.attempt(username, request.ip);
      if (retryAfterSeconds > 0) {
        return reply
          .header('retry-after', String(retryAfterSeconds))
          .code(429)
          .send(errorBody(429, ErrorCode.TOO_MANY_ATTEMPTS, `Too many sign-in attempts. Try again in ${retryAfterSeconds} seconds.`));
      }

      // A place in the bounded queue of password checks is taken at once, or refused at once (see
      // work-queue.ts). A refused sign-in is given back to the throttle: no password was checked.
      const checking = fastify.passwordChecks.tryRun(() => fastify.users.checkCredentials(username, password));
      if (checking === undefined) {
        await fastify.loginThrottle.withdraw(username, request.ip);
        const busySeconds = fastify.passwordChecks.retryAfterSeconds();
        return reply.header('retry-after', String(busySeconds)).code(503).send(SERVER_BUSY);
      }

      const user = await checking;
      if (user === undefined) return reply.code(401).send(INVALID_CREDENTIALS);

      await fastify.loginThrottle.succeeded(username, request.ip);
      await endPreviousSessions(fastify, request, reply);
      fastify.sessionCookies.clearAll(reply);

      const started = await fastify.sessionKinds[kind].start(user, {
        ttlSeconds,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      const expiresAt = new Date(started.expiresAt).toISOString();
      if (kind === 'refresh' && started.refresh !== undefined) {
        fastify.sessionCookies.setRefresh(reply, started.refresh.token, started.endsAtLatest);
        const csrfToken = fastify.csrfTokenFor(request, reply, started.signInId, { fresh: true });
        const refreshExpiresAt = new Date(started.refresh.expiresAt).toISOString();
        return { kind, token: started.credential, expiresAt, refreshExpiresAt, user, csrfToken };
      }
      if (!isCookieKind(kind)) return { kind: 'bearer' as const, token: started.credential, expiresAt, user };

      fastify.sessionCookies.set(reply, kind, started.credential, started.endsAtLatest);
      const csrfToken = fastify.csrfTokenFor(request, reply, started.signInId, { fresh: true });
      return { kind, expiresAt, user, csrfToken };
    },
  );
};

export default login;

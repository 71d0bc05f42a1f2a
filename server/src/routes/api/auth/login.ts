/**
 * POST /api/auth/login: step 1 of the story. Checks a username and password and answers with a signed,
 * short-lived token.
 *
 * Before this handler runs, Fastify has already refused a body that is not JSON (415), larger than 1 KiB
 * (413), unparseable or carrying a `__proto__` key (400 INVALID_JSON), or that breaks the schema in any way:
 * a missing or unknown field, a number where a string belongs, a 10 000-character username (400
 * VALIDATION_FAILED). So the handler only ever sees two strings of sane length and perhaps an integer.
 */
import type { RoutePlugin } from '../../route-plugin.js';
import { API_PATHS, ErrorCode, LOGIN_BODY_LIMIT_BYTES, loginBodySchema, loginResponseSchema } from '@session-lab/shared';
import { errorBody, errorResponses } from '../../../plugins/errors.js';

/**
 * One answer for a wrong password and for an unknown username, word for word, so that nobody can find out
 * which accounts exist by trying names. UserStore makes both cases take the same time as well.
 */
const INVALID_CREDENTIALS = errorBody(401, ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password.');

const SERVER_BUSY = errorBody(503, ErrorCode.SERVER_BUSY, 'The server is checking too many passwords at once. Try again shortly.');

const login: RoutePlugin = async (fastify) => {
  fastify.post(
    API_PATHS.login,
    {
      bodyLimit: LOGIN_BODY_LIMIT_BYTES,
      schema: {
        body: loginBodySchema,
        response: { 200: loginResponseSchema, ...errorResponses(400, 401, 413, 415, 429, 500, 503) },
      },
    },
    async (request, reply) => {
      const { username, password, ttlSeconds } = request.body;

      // Checked before the password, so a throttled guess costs the server nothing.
      const retryAfterSeconds = fastify.loginThrottle.check(username, request.ip);
      if (retryAfterSeconds > 0) {
        return reply
          .header('retry-after', String(retryAfterSeconds))
          .code(429)
          .send(errorBody(429, ErrorCode.TOO_MANY_ATTEMPTS, `Too many sign-in attempts. Try again in ${retryAfterSeconds} seconds.`));
      }

      // A place in the bounded queue of password checks is taken at once, or refused at once (see
      // work-queue.ts). A refused sign-in is not counted against anyone: no password was checked.
      const checking = fastify.passwordChecks.tryRun(() => fastify.users.authenticate(username, password));
      if (checking === undefined) {
        const busySeconds = fastify.passwordChecks.retryAfterSeconds();
        return reply.header('retry-after', String(busySeconds)).code(503).send(SERVER_BUSY);
      }
      // Counted in the same tick as the check above, so no simultaneous request can slip in between them.
      fastify.loginThrottle.count(username, request.ip);

      const user = await checking;
      if (user === undefined) return reply.code(401).send(INVALID_CREDENTIALS);

      fastify.loginThrottle.succeeded(username, request.ip);
      const { token, expiresAt } = fastify.issueToken(user, ttlSeconds);
      return { token, expiresAt, user };
    },
  );
};

export default login;

/**
 * Builds the whole application and returns it without listening: server.ts listens, tests call
 * `app.inject(...)` on exactly the same app. The order of registration below is the order in which a
 * request meets each concern.
 */
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { WorkQueue } from './work-queue.js';
import { loggerOptions, OneLinePerRequest } from './logging.js';
import errors, { clientErrorHandler, frameworkErrorHandler } from './plugins/errors.js';
import security from './plugins/security.js';
import auth from './plugins/auth.js';
import users from './plugins/users.js';
import redis from './plugins/redis.js';
import sessionStore from './plugins/session-store.js';
import sessionCookies from './plugins/session-cookies.js';
import csrf from './plugins/csrf.js';
import authenticate from './plugins/authenticate.js';
import loginThrottle from './plugins/login-throttle.js';
import spa from './plugins/spa.js';
import health from './routes/api/health.js';
import login from './routes/api/auth/login.js';
import logout from './routes/api/auth/logout.js';
import csrfToken from './routes/api/auth/csrf.js';
import refresh from './routes/api/auth/refresh.js';
import me from './routes/api/me.js';
import notes from './routes/api/notes.js';
import sessions from './routes/api/sessions/index.js';
import adminSessions from './routes/api/admin/sessions.js';
import adminUsers from './routes/api/admin/users.js';
import experiments from './routes/api/experiments.js';
import adminRefreshReuse from './routes/api/admin/refresh-reuse.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where every password check waits its turn; see work-queue.ts for why it is bounded. */
    passwordChecks: WorkQueue;
  }
}

export interface BuildAppOptions {
  /** Where log lines go (standard output by default); tests pass a stream to read them back. */
  logStream?: { write(line: string): void };
  /** The client build to serve; by default client/dist of this repository. */
  clientDist?: string;
  /**
   * The clock of the sign-in throttle and of the session table (idle timeouts, absolute lifetimes, last seen),
   * so tests can step past a window or a timeout without waiting. JWT expiry follows the system clock.
   */
  now?: () => number;
}

/**
 * TRUST_PROXY as Fastify takes it. A number of hops means "believe that many proxies nearest to us"; Fastify's
 * types leave the number form out, so it is spelt as the function proxy-addr would make of it.
 */
function fastifyTrustProxy(trust: Config['trustProxy']): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

const DEFAULT_CLIENT_DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));
/** The experiments' instances serve only the API; a folder that does not exist gives them the SPA's placeholder. */
const NO_CLIENT_DIST = fileURLToPath(new URL('../../client/no-dist-for-experiments', import.meta.url));

export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, options.logStream),
    logController: new OneLinePerRequest(),
    // Fastify's default Ajv turns `password: 123` into "123" and silently drops unknown fields. An API that
    // teaches validation must not guess: a wrong type or an unexpected field is an error the client must fix.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    // Small by default; the login route lowers it further. Nothing in this API needs a large body.
    bodyLimit: 16 * 1024,
    // Both are Fastify's defaults, spelled out because they matter: a JSON body with `__proto__` or
    // `constructor.prototype` is refused while it is parsed, before any of our code sees it.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors: frameworkErrorHandler,
    // Errors Node's HTTP parser meets before there is a request (bad method, oversized or broken headers).
    clientErrorHandler,
    // A client that opens a connection and sends its request byte by byte must not hold it open forever.
    requestTimeout: 30_000,
    // Behind a reverse proxy, whom to believe about the client's address (TRUST_PROXY; off by default). It
    // decides `request.ip`, which the sign-in throttle counts and the session table records.
    trustProxy: fastifyTrustProxy(config.trustProxy),
  });

  // Fastify also parses text/plain bodies by default. Removing that parser leaves JSON as the only body the
  // API accepts, so anything else is refused with 415 before a handler runs.
  app.removeContentTypeParser('text/plain');

  app.decorate('passwordChecks', new WorkQueue(config.passwordChecks.maxRunning, config.passwordChecks.maxWaiting));

  await app.register(errors);
  await app.register(security);
  await app.register(users, { scryptCost: config.scryptCost });
  await app.register(auth, { secret: config.jwtSecret, defaultTtlSeconds: config.tokenTtlSeconds });
  await app.register(redis, { config: config.redis });
  await app.register(sessionStore, { config: config.sessions, ...(options.now ? { now: options.now } : {}) });
  await app.register(sessionCookies, { secure: config.secureCookies });
  await app.register(csrf, { jwtSecret: config.jwtSecret, publicOrigin: config.publicOrigin });
  await app.register(authenticate, { sessions: config.sessions });
  await app.register(loginThrottle, { ...config.loginThrottle, ...(options.now ? { now: options.now } : {}) });

  await app.register(health);
  await app.register(login);
  await app.register(logout);
  await app.register(csrfToken);
  await app.register(refresh);
  await app.register(me);
  await app.register(notes);
  await app.register(sessions);
  await app.register(adminSessions);
  await app.register(adminUsers);
  // The comparison page's experiments start instances of this very app, with the same configuration.
  await app.register(experiments, { config, build: (labConfig) => buildApp(labConfig, { clientDist: NO_CLIENT_DIST }) });
  await app.register(adminRefreshReuse);

  await app.register(spa, { root: options.clientDist ?? DEFAULT_CLIENT_DIST });

  return app;
}

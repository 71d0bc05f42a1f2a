/**
 * Security headers for every response, the SPA's and the API's alike (Helmet).
 *
 * The Content-Security-Policy matters most in a design that keeps the token in the browser: if an attacker
 * manages to inject markup into the page, the policy stops the browser from running any script that did not
 * come from our own origin as a file, so the injected markup cannot read the token out of sessionStorage.
 * The Vite build emits only `<script type="module" src="/assets/…">` tags, so the SPA needs no inline script.
 *
 * Helmet decides the headers; they are computed once, at start-up. Helmet's middleware is written for Express:
 * it takes its options, builds one small function per header, parses the CSP directives, and then sets the
 * headers on each response it is given. @fastify/helmet rebuilt that middleware, CSP parsing included, on
 * every request (about a tenth of the server's CPU on a small API answer, measured by `pnpm bench`). Our
 * options never depend on the request (no nonces, no per-route policy), so the answer is the same every time:
 * `helmetHeaders` runs Helmet's own middleware once against a response that only records what is done to it,
 * and the hook below copies that record onto every reply.
 *
 * There is deliberately no CORS plugin. The SPA and the API share one origin (in development through Vite's
 * proxy), so the browser never needs permission to call the API from elsewhere, and without CORS headers
 * no other website's scripts can read the API's answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

export const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    // Start from nothing rather than helmet's defaults, so every allowed source is listed and explained here.
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      // No inline script, ever; but inline styles are allowed. They cannot run code, and components and
      // libraries commonly set them; keeping them keeps the policy from breaking the SPA for little gain.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      // The SPA talks only to its own API.
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // Nobody may frame the demo, which rules out clickjacking the sign-in form.
      frameAncestors: ["'none'"],
    },
  },
  // The demo is served over plain HTTP on the loopback interface. Strict-Transport-Security is ignored over
  // HTTP anyway, and belongs on the TLS terminator of a real deployment, not on this process.
  strictTransportSecurity: false,
  // The legacy twin of frame-ancestors 'none', for browsers that predate CSP.
  xFrameOptions: { action: 'deny' },
} as const satisfies HelmetOptions;

export interface SecurityHeaders {
  /** Header name (lower case) → value, in the order Helmet set them. */
  set: Readonly<Record<string, string>>;
  /** Headers Helmet removes (X-Powered-By): Fastify never sets them, but if anything ever did, they go. */
  removed: readonly string[];
}

/**
 * What Helmet's middleware does to a response with `options`, recorded once. It throws if a middleware ever
 * calls `next` with an error or asynchronously (nothing in Helmet 8 does): then the record would be
 * incomplete, and starting without some header is worse than not starting.
 */
export function helmetHeaders(options: HelmetOptions): SecurityHeaders {
  const set: Record<string, string> = {};
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete set[name.toLowerCase()];
      removed.push(name.toLowerCase());
    },
  };
  let finished = false;
  // Helmet only ever calls setHeader and removeHeader on the response and never reads the request.
  const middleware = helmet(options) as unknown as (req: object, res: typeof recorder, next: (error?: unknown) => void) => void;
  middleware({}, recorder, (error) => {
    if (error !== undefined && error !== null) throw error instanceof Error ? error : new Error(String(error));
    finished = true;
  });
  if (!finished) throw new Error('Helmet did not finish synchronously: its headers cannot be computed once');
  return { set: Object.freeze(set), removed: Object.freeze(removed) };
}

async function security(fastify: FastifyInstance): Promise<void> {
  const headers = helmetHeaders(HELMET_OPTIONS);

  // Helmet's headers go on every answer, the SPA's, the API's and a 404's alike.
  fastify.addHook('onRequest', function securityHeaders(_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    reply.headers(headers.set);
    for (const name of headers.removed) reply.removeHeader(name);
    done();
  });

  // API answers may contain a token or personal data: no browser or proxy cache should keep a copy of them.
  // The decision belongs to the route, never to the raw URL of the request: the router decodes the path
  // before matching it, so `/%61pi/me` reaches the same handler as `/api/me` while its raw URL does not start
  // with `/api/`. So every route declared under /api/ gets, when it is registered, a hook of its own that
  // marks its answers; it goes first among the route's hooks, so a refusal by `authenticate` is marked too.
  // (Reading the route's options on every request instead costs Fastify a new object each time.)
  fastify.addHook('onRoute', (routeOptions) => {
    if (routeOptions.url === undefined || !isApiPath(routeOptions.url)) return;
    const own = routeOptions.onRequest;
    routeOptions.onRequest = [noStore, ...(own === undefined ? [] : Array.isArray(own) ? own : [own])];
  });
}

function noStore(_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  reply.header('cache-control', 'no-store');
  done();
}

/** True for a path of the API as the server declares it (or as the router decoded it). */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

export default fp(security, { name: 'security', fastify: '5.x' });

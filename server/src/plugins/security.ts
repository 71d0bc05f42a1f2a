/**
 * Security headers for every response, the SPA's and the API's alike (@fastify/helmet).
 *
 * The Content-Security-Policy matters most in a design that keeps the token in the browser: if an attacker
 * manages to inject markup into the page, the policy stops the browser from running any script that did not
 * come from our own origin as a file, so the injected markup cannot read the token out of sessionStorage.
 * The Vite build emits only `<script type="module" src="/assets/…">` tags, so the SPA needs no inline script.
 *
 * There is deliberately no CORS plugin. The SPA and the API share one origin (in development through Vite's
 * proxy), so the browser never needs permission to call the API from elsewhere, and without CORS headers
 * no other website's scripts can read the API's answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every route under /api/: its answers carry `Cache-Control: no-store`. */
    noStore?: boolean;
  }
}

async function security(fastify: FastifyInstance): Promise<void> {
  await fastify.register(helmet, {
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
  });

  // API answers may contain a token or personal data: no browser or proxy cache should keep a copy of them.
  // The decision belongs to the route, never to the raw URL of the request: the router decodes the path
  // before matching it, so `/%61pi/me` reaches the same handler as `/api/me` while its raw URL does not start
  // with `/api/`. Every route declared under /api/ is marked once, when it is registered (a route may also set
  // `config.noStore` itself), and the hook reads the mark of the route that matched.
  fastify.addHook('onRoute', (routeOptions) => {
    if (routeOptions.url === undefined || !isApiPath(routeOptions.url)) return;
    routeOptions.config = { noStore: true, ...routeOptions.config };
  });
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (request.routeOptions.config.noStore === true) reply.header('cache-control', 'no-store');
    done();
  });
}

/** True for a path of the API as the server declares it (or as the router decoded it). */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

export default fp(security, { name: 'security', fastify: '5.x' });

/**
 * The CSRF defence of the cookie kinds, on every state-changing request (anything but GET, HEAD and OPTIONS).
 *
 * A cookie is attached by the browser to every request to our API, including a request that a page on another
 * site (or another port of this host) makes the browser send. So a state-changing request with a cookie session
 * must prove that it came from our own page. Two independent checks, and either failing answers
 * 403 CSRF_REJECTED:
 *
 * 1. Where the request comes from. Browsers say it in `Sec-Fetch-Site` (which must be `same-origin`) and in
 *    `Origin` (which must be this server's origin: PUBLIC_ORIGIN, or else the scheme and Host of the request).
 *    Scripts cannot forge either header. A request with neither is not from a modern browser (curl, a test),
 *    and has to pass the token check alone. Note `same-site` is refused: 127.0.0.1:3001 is the same *site* as
 *    127.0.0.1:3000, and that is exactly the neighbour SameSite cookies do not keep out.
 * 2. A token only our page can know: `X-CSRF-Token`, given in the sign-in answer and by GET /api/auth/csrf
 *    (another site can make the browser send a request, but cannot read our answers, so it never learns it).
 *    @fastify/csrf-protection makes and checks it: an HMAC, keyed with a key derived from JWT_SECRET, over a
 *    per-browser secret (its own httpOnly cookie, renewed at every sign-in) and this sign-in's id, so a token
 *    from one session is worthless in any other, and a page on another port that plants its own secret cookie
 *    still cannot compute a token without our key.
 *
 * Bearer requests need none of this: the browser never adds an Authorization header by itself.
 */
import { hkdfSync } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import { CSRF_HEADER, ErrorCode } from '@session-lab/shared';
import { errorBody } from './errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * A CSRF token bound to `signInId`. `fresh` first replaces the browser's CSRF secret, which sign-in does,
     * so that nothing from before the sign-in (say, a secret cookie an attacker planted) carries over.
     */
    csrfTokenFor(request: FastifyRequest, reply: FastifyReply, signInId: string, options?: { fresh?: boolean }): string;
    /** Answers 403 CSRF_REJECTED unless the request passes both checks; runs after `authenticate`. */
    checkCsrf(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;
    /** Check 1 alone, for the sign-in of a cookie kind, which has no session (and so no token) yet. */
    isFromOurOrigin(request: FastifyRequest): boolean;
  }
}

export interface CsrfOptions {
  jwtSecret: string;
  publicOrigin: string | undefined;
}

export const FOREIGN_ORIGIN = errorBody(
  403,
  ErrorCode.CSRF_REJECTED,
  'This request came from another origin (Origin / Sec-Fetch-Site). A cookie session accepts state-changing requests only from its own pages.',
);

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export const changesState = (request: FastifyRequest): boolean => !SAFE_METHODS.has(request.method);

async function csrf(fastify: FastifyInstance, options: CsrfOptions): Promise<void> {
  const cookies = fastify.sessionCookies;
  const secretCookie = cookies.name('csrf');

  await fastify.register(fastifyCsrfProtection, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: secretCookie,
    cookieOpts: { ...cookies.options },
    // Only our header. The plugin would also read a `_csrf` body field and three other header names; one
    // place to look is easier to teach and leaves nothing else to audit.
    getToken: (request) => {
      const token = request.headers[CSRF_HEADER];
      return typeof token === 'string' ? token : undefined;
    },
    getUserInfo: (request) => request.user.signInId,
    // A key of its own, derived from JWT_SECRET with HKDF: one secret to configure, but a CSRF token and a
    // JWT signature can never be swapped for one another.
    csrfOpts: { hmacKey: Buffer.from(hkdfSync('sha256', options.jwtSecret, '', 'session-lab csrf tokens', 32)) },
  });

  const expectedOrigin = (request: FastifyRequest): string | undefined => {
    if (options.publicOrigin !== undefined) return options.publicOrigin;
    try {
      return new URL(`${request.protocol}://${request.headers.host ?? ''}`).origin;
    } catch {
      return undefined;
    }
  };

  fastify.decorate('isFromOurOrigin', function isFromOurOrigin(request: FastifyRequest): boolean {
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin') return false;
    const origin = request.headers.origin;
    return origin === undefined || origin === expectedOrigin(request);
  });

  fastify.decorate('csrfTokenFor', function csrfTokenFor(request: FastifyRequest, reply: FastifyReply, signInId: string, { fresh = false } = {}) {
    // The plugin reuses the secret cookie the request brought, if any; forgetting it makes a new one.
    if (fresh) request.cookies[secretCookie] = undefined;
    return reply.generateCsrf({ userInfo: signInId });
  });

  fastify.decorate('checkCsrf', function checkCsrf(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
    if (!fastify.isFromOurOrigin(request)) {
      reply.code(403).send(FOREIGN_ORIGIN);
      return;
    }
    // Calls `done` when the token is right; otherwise answers with its own 403 error, which plugins/errors.ts
    // turns into CSRF_REJECTED.
    fastify.csrfProtection(request, reply, done);
  });
}

export default fp(csrf, { name: 'csrf', fastify: '5.x', dependencies: ['session-cookies'] });

/**
 * `authenticate`: the one check before every protected route, for every kind of session (step 5 of the story).
 *
 * It does three things, always in this order:
 * 1. Find the credential: an `Authorization: Bearer` header (bearer, or a refresh access token: the signed
 *    `kind` claim tells them apart), or else a session cookie (session, hybrid, cookie-jwt). Where it was found
 *    decides the kind; nothing the client *says* about its kind does. (The refresh token is not among them:
 *    only its own route ever receives it, routes/api/auth/refresh.ts.)
 * 2. Hand it to that kind's check, one file per kind in sessions/kinds/. The check answers with a principal
 *    (who, role, kind, until when) or with the reason it refused.
 * 3. For a cookie kind and a state-changing request, the CSRF check (plugins/csrf.ts).
 *
 * Routes then read `request.user`, the principal, and never a token or a row. What the check did is reported
 * in the `Server-Timing` header (sessions/trace.ts), and for JWTs also in `x-session-lab-token-check`.
 *
 * It runs as `onRequest`, the earliest hook, so the body of an unauthenticated request is never even read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import {
  AUTH_REALM,
  ErrorCode,
  isCookieKind,
  TOKEN_CHECK_HEADER,
  type AuthOutcome,
  type ErrorBody,
  type Role,
  type SessionKind,
} from '@session-lab/shared';
import type { SessionConfig } from '../config.js';
import { bearerKind } from '../sessions/kinds/bearer.js';
import { cookieJwtKind } from '../sessions/kinds/cookie-jwt.js';
import { hybridKind } from '../sessions/kinds/hybrid.js';
import type { Refusal, SessionKindHandler, Verdict } from '../sessions/kinds/kind.js';
import { refreshKind, type RefreshKindHandler } from '../sessions/kinds/refresh.js';
import { sessionKind } from '../sessions/kinds/session.js';
import type { Tokens } from '../sessions/kinds/signed-token.js';
import type { Principal } from '../sessions/principal.js';
import { AuthTrace } from '../sessions/trace.js';
import { changesState } from './csrf.js';
import { errorBody } from './errors.js';

type Hook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/** A credential found in a request, before anyone has checked it. */
export interface FoundCredential {
  kind: SessionKind;
  value: string;
  /** True when it came in the Authorization header, which decides the shape of the RFC 6750 challenge. */
  fromHeader: boolean;
}

export interface Identified {
  found: FoundCredential;
  verdict: Verdict;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Each kind's sign-in and check, by kind. */
    sessionKinds: Readonly<Record<SessionKind, SessionKindHandler>>;
    /** The `refresh` kind with what only it has: finding a family by its refresh token and renewing it. */
    refreshKind: RefreshKindHandler;
    /** The hook: lets the request through with `request.user` set, or answers 401 (or 403 CSRF_REJECTED) itself. */
    authenticate: Hook;
    /**
     * Like `authenticate`, but a request without a live session goes on without a principal (read it with
     * `principalOf`): for sign-out, which must succeed even when the session has already ended.
     */
    authenticateIfAny: Hook;
    /**
     * Steps 1 and 2 for every credential the request carries (the bearer header and each session cookie),
     * without answering or checking CSRF: for sign-in, which ends every session the browser had before, not
     * only the one a protected route would have used. Writes the Server-Timing header of the first.
     */
    identifyAll(request: FastifyRequest, reply: FastifyReply): Promise<Identified[]>;
    /** A hook for after `authenticate`: 403 FORBIDDEN unless the caller has `role`. */
    requireRole(role: Role): Hook;
  }
}

export interface AuthenticateOptions {
  sessions: SessionConfig;
}

/** The principal `authenticateIfAny` found, or null; `request.user` is null until a hook sets it. */
export function principalOf(request: FastifyRequest): Principal | null {
  return (request.user as Principal | null) ?? null;
}

export const CHALLENGE = `Bearer realm="${AUTH_REALM}"`;

/**
 * Every refusal, prepared once: its body, and the RFC 6750 `error_description` it carries when the credential
 * was a bearer token (`error="invalid_token"`). A request without any credential, or whose cookie was refused,
 * gets the bare challenge: no bearer token was refused, but a 401 must still name a way to authenticate.
 */
export const REFUSALS = {
  missing: {
    body: errorBody(401, ErrorCode.TOKEN_MISSING, 'This route needs a session: an "Authorization: Bearer <token>" header or a session cookie.'),
    description: undefined,
  },
  expired: {
    body: errorBody(401, ErrorCode.TOKEN_EXPIRED, 'The token has expired. Sign in again.'),
    description: 'The token has expired',
  },
  invalid: {
    body: errorBody(401, ErrorCode.TOKEN_INVALID, 'The token is invalid. Sign in again.'),
    description: 'The token is invalid',
  },
  revoked: {
    body: errorBody(
      401,
      ErrorCode.SESSION_REVOKED,
      'This session was ended on the server: signed out, ended from another device, or by a teacher. Sign in again.',
    ),
    description: 'The session was revoked',
  },
  'session-expired': {
    body: errorBody(401, ErrorCode.SESSION_EXPIRED, 'The session timed out: idle for too long, or past its lifetime. Sign in again.'),
    description: 'The session has expired',
  },
  unknown: {
    body: errorBody(
      401,
      ErrorCode.SESSION_UNKNOWN,
      'The server has no session with this id. It never issued it, or it forgot it: sessions kept in memory die with the process. Sign in again.',
    ),
    description: 'The session is unknown',
  },
  // Only the refresh route answers this (routes/api/auth/refresh.ts); no credential that reaches this hook can.
  reused: {
    body: errorBody(
      401,
      ErrorCode.REFRESH_TOKEN_REUSED,
      'A refresh token of this sign-in was used after it had been replaced, so the server ended the sign-in everywhere. Sign in again.',
    ),
    description: 'The refresh token was reused',
  },
} as const satisfies Record<Exclude<AuthOutcome, 'valid'>, { body: Readonly<ErrorBody>; description: string | undefined }>;

const FORBIDDEN = errorBody(403, ErrorCode.FORBIDDEN, 'Your role may not do this.');

const BEARER_PREFIX = 'bearer ';
const CANONICAL_BEARER_PREFIX = 'Bearer ';

/**
 * Takes the token out of `Authorization: Bearer <token>`. The scheme name is case-insensitive (RFC 7235);
 * anything that is not a Bearer credential counts as no token at all.
 */
function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined || header.length <= BEARER_PREFIX.length) return undefined;
  // Every client we know spells it `Bearer `; only another spelling pays for a lowercased copy to compare.
  if (!header.startsWith(CANONICAL_BEARER_PREFIX) && header.slice(0, BEARER_PREFIX.length).toLowerCase() !== BEARER_PREFIX) {
    return undefined;
  }
  const token = header.slice(BEARER_PREFIX.length);
  // Extra spaces after the scheme (RFC 7235's 1*SP), or a tab, are tolerated; only a header that has them is trimmed.
  if (token.charCodeAt(0) !== 0x20 && token.charCodeAt(0) !== 0x09) return token;
  const trimmed = token.trimStart();
  return trimmed === '' ? undefined : trimmed;
}

async function authenticate(fastify: FastifyInstance, options: AuthenticateOptions): Promise<void> {
  const tokens: Tokens = { issue: fastify.issueToken, check: fastify.checkToken };
  const store = fastify.sessionStore;
  const now = fastify.sessionClock;
  const cookies = fastify.sessionCookies;

  const refresh = refreshKind(tokens, store, fastify.users, options.sessions, now);
  const kinds: Record<SessionKind, SessionKindHandler> = {
    bearer: bearerKind(tokens),
    'cookie-jwt': cookieJwtKind(tokens),
    session: sessionKind(store, fastify.sessionLookup, fastify.users, options.sessions, now),
    hybrid: hybridKind(tokens, store, fastify.sessionLookup, now),
    refresh,
  };
  fastify.decorate('sessionKinds', Object.freeze(kinds));
  fastify.decorate('refreshKind', refresh);

  /** Step 1. A bearer header wins over a cookie: a client that sends one has said what it means to use. */
  function findCredential(request: FastifyRequest): FoundCredential | undefined {
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined) return { kind: 'bearer', value: token, fromHeader: true };
    const cookie = cookies.find(request);
    return cookie === undefined ? undefined : { kind: cookie.kind, value: cookie.value, fromHeader: false };
  }

  /** Every credential of the request, the one findCredential would pick first. */
  function findCredentials(request: FastifyRequest): FoundCredential[] {
    const token = bearerToken(request.headers.authorization);
    const fromCookies = cookies.findAll(request).map((cookie) => ({ ...cookie, fromHeader: false }));
    return token === undefined ? fromCookies : [{ kind: 'bearer', value: token, fromHeader: true }, ...fromCookies];
  }

  function report(reply: FastifyReply, trace: AuthTrace, outcome: AuthOutcome): void {
    reply.header('server-timing', trace.header(outcome));
    if (trace.tokenCheck !== undefined) reply.header(TOKEN_CHECK_HEADER, trace.tokenCheck);
  }

  function refuse(reply: FastifyReply, found: FoundCredential | undefined, refusal: Refusal | 'missing'): void {
    const { body, description } = REFUSALS[refusal];
    const challenge =
      found?.fromHeader === true && description !== undefined
        ? `${CHALLENGE}, error="invalid_token", error_description="${description}"`
        : CHALLENGE;
    if (refusal === 'missing') reply.header(TOKEN_CHECK_HEADER, 'missing');
    // A refused cookie is useless from now on; telling the browser to drop it stops it being sent again.
    if (found !== undefined && isCookieKind(found.kind)) cookies.clear(reply, found.kind);
    reply.code(401).header('www-authenticate', challenge).send(body);
  }

  const outcomeOf = (verdict: Verdict): AuthOutcome => ('refused' in verdict ? verdict.refused : 'valid');

  fastify.decorate('identifyAll', async function identifyAll(request: FastifyRequest, reply: FastifyReply): Promise<Identified[]> {
    const found = findCredentials(request);
    if (found.length === 0) report(reply, new AuthTrace(), 'missing');
    const identified: Identified[] = [];
    for (const [index, credential] of found.entries()) {
      const trace = new AuthTrace();
      trace.kind = credential.kind;
      const verdict = await kinds[credential.kind].check(credential.value, { now: now(), trace });
      if (index === 0) report(reply, trace, outcomeOf(verdict));
      identified.push({ found: credential, verdict });
    }
    return identified;
  });

  /**
   * The hook, in two variants. `authenticate` refuses a request without a live session. `authenticateIfAny`
   * (for sign-out) lets it through without a principal instead, after telling the browser to drop a refused
   * cookie; a session it does find still gets the CSRF check.
   */
  function hook(optional: boolean): Hook {
    return function authenticate(request, reply, done) {
      const trace = new AuthTrace();
      const found = findCredential(request);
      if (found === undefined) {
        report(reply, trace, 'missing');
        return optional ? done() : refuse(reply, undefined, 'missing');
      }
      trace.kind = found.kind;

      const settle = (verdict: Verdict): void => {
        if (!('refused' in verdict)) trace.expiresAt = verdict.principal.expiresAt;
        report(reply, trace, outcomeOf(verdict));
        if ('refused' in verdict) {
          if (!optional) return refuse(reply, found, verdict.refused);
          if (isCookieKind(found.kind)) cookies.clear(reply, found.kind);
          return done();
        }
        // Frozen, so no later hook or handler can change who the caller is by accident.
        request.user = Object.freeze(verdict.principal);
        if (isCookieKind(found.kind) && changesState(request)) return fastify.checkCsrf(request, reply, done);
        done();
      };

      // The JWT-only kinds answer synchronously (no store), and so do the table kinds when the row is in this
      // instance's cache, so the common case costs no extra turn of the event loop; a store read answers with
      // a promise. A store that fails (a broken disk) is a 500, never a pass.
      const verdict = kinds[found.kind].check(found.value, { now: now(), trace });
      if (verdict instanceof Promise) verdict.then(settle, done);
      else settle(verdict);
    };
  }

  fastify.decorate('authenticate', hook(false));
  fastify.decorate('authenticateIfAny', hook(true));

  fastify.decorate('requireRole', function requireRole(role: Role): Hook {
    return function hasRole(request, reply, done) {
      if (request.user.role !== role) {
        reply.code(403).send(FORBIDDEN);
        return;
      }
      done();
    };
  });
}

export default fp(authenticate, {
  name: 'authenticate',
  fastify: '5.x',
  dependencies: ['auth', 'users', 'session-store', 'session-cookies', 'csrf'],
});

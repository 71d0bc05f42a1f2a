/**
 * The cookies that carry a session (@fastify/cookie), with one set of attributes for all of them:
 * - `HttpOnly`: page scripts cannot read them (`document.cookie` does not show them), so an XSS cannot carry
 *   the credential away. It can still make requests while the page is open; that is what CSRF and CSP are about.
 * - `SameSite=Strict`: the browser leaves them off every request that another *site* starts, including
 *   top-level links. Lax would also send them when someone follows a link to /api/... from elsewhere; our
 *   cookies are only for the SPA's own fetches, which are always same-site, so Strict costs the SPA nothing.
 *   Careful: 127.0.0.1:3000 and 127.0.0.1:3001 are the SAME site (ports do not count), so SameSite does not
 *   protect us from a page on another port. The CSRF check (plugins/csrf.ts) does.
 * - Over plain HTTP (the classroom default): `Path=/api`, so the browser sends them only to the API, not with
 *   every script and image.
 * - Over HTTPS (PUBLIC_ORIGIN=https://…): `Secure`, so they never travel unencrypted, and the `__Host-` name
 *   prefix, with which the browser refuses any such cookie that is not Secure, has a Domain or a Path other
 *   than `/`. That stops a sibling subdomain from planting its own cookie for us ("cookie tossing"). The price
 *   is `Path=/` (the prefix demands it): the cookies then also ride along with requests for the SPA's files.
 *   Integrity is worth more than those bytes.
 *
 * The refresh token of the `refresh` kind is the exception: its cookie has `Path=/api/auth/refresh`, so the
 * browser sends it to the one route that spends it and to nothing else, not even the rest of the API; it never
 * sits in a request that some other route might log. A narrow path rules out `__Host-`, so over HTTPS it gets
 * `__Secure-` (which still demands Secure). What that gives up: a sibling subdomain could plant a refresh
 * cookie of its own; the worst it can do with it is sign this browser into the attacker's family, the same
 * harm as a login CSRF, and the refresh route's CSRF token is bound to the family it was issued for.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fastifyCookie, { type CookieSerializeOptions } from '@fastify/cookie';
import { COOKIE_KINDS, COOKIE_NAMES, REFRESH_COOKIE_PATH, type CookieKind } from '@session-lab/shared';

export type CookiePurpose = CookieKind | 'csrf';

export interface SessionCookies {
  /** The cookie's name as the browser sees it (with `__Host-` over HTTPS). */
  name(purpose: CookiePurpose): string;
  /** The attributes every session cookie gets. */
  readonly options: Readonly<CookieSerializeOptions>;
  /** Sets the credential cookie of `kind`, telling the browser to drop it at `expiresAt` (ms since the epoch). */
  set(reply: FastifyReply, kind: CookieKind, value: string, expiresAt: number): void;
  /** Tells the browser to forget the credential cookie of every kind, the refresh token (and the CSRF secret, if asked). */
  clearAll(reply: FastifyReply, options?: { csrf?: boolean }): void;
  clear(reply: FastifyReply, kind: CookieKind): void;
  /** The first credential cookie the request carries, in the order `session`, `hybrid`, `cookie-jwt`. */
  find(request: FastifyRequest): { kind: CookieKind; value: string } | undefined;
  /** Every credential cookie the request carries, in the same order: sign-in ends the session of each. */
  findAll(request: FastifyRequest): Array<{ kind: CookieKind; value: string }>;
  /** The refresh token's cookie: its name, and setting, clearing and reading it (only its route receives it). */
  readonly refreshName: string;
  setRefresh(reply: FastifyReply, value: string, expiresAt: number): void;
  clearRefresh(reply: FastifyReply): void;
  refreshToken(request: FastifyRequest): string | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    sessionCookies: SessionCookies;
  }
}

export interface SessionCookiesOptions {
  secure: boolean;
}

/** The order in which a request's cookies are looked at, when (against the odds) it carries several. */
const LOOKUP_ORDER: readonly CookieKind[] = ['session', 'hybrid', 'cookie-jwt'];

async function sessionCookies(fastify: FastifyInstance, { secure }: SessionCookiesOptions): Promise<void> {
  await fastify.register(fastifyCookie);

  const prefix = secure ? '__Host-' : '';
  const options: CookieSerializeOptions = Object.freeze({
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: secure ? '/' : '/api',
  });
  // Every name is spelled once, here. Building `prefix + name` anew on each request would hand the cookie
  // lookup a fresh string every time, and looking up a property by a fresh string costs far more than by a
  // string the engine already knows.
  const names = Object.fromEntries(
    (Object.keys(COOKIE_NAMES) as CookiePurpose[]).map((purpose) => [purpose, `${prefix}${COOKIE_NAMES[purpose]}`]),
  ) as Record<CookiePurpose, string>;
  const name = (purpose: CookiePurpose) => names[purpose];
  const lookupNames = LOOKUP_ORDER.map((kind) => [kind, names[kind]] as const);
  const refreshName = `${secure ? '__Secure-' : ''}${COOKIE_NAMES.refresh}`;
  const refreshOptions: CookieSerializeOptions = Object.freeze({ ...options, path: REFRESH_COOKIE_PATH });

  const cookies: SessionCookies = {
    name,
    options,
    set(reply, kind, value, expiresAt) {
      reply.setCookie(name(kind), value, { ...options, expires: new Date(expiresAt) });
    },
    clear(reply, kind) {
      reply.clearCookie(name(kind), options);
    },
    clearAll(reply, { csrf = false } = {}) {
      for (const kind of COOKIE_KINDS) reply.clearCookie(name(kind), options);
      // Any response may clear a cookie of another path, as long as it names that path.
      reply.clearCookie(refreshName, refreshOptions);
      if (csrf) reply.clearCookie(name('csrf'), options);
    },
    refreshName,
    setRefresh(reply, value, expiresAt) {
      reply.setCookie(refreshName, value, { ...refreshOptions, expires: new Date(expiresAt) });
    },
    clearRefresh(reply) {
      reply.clearCookie(refreshName, refreshOptions);
    },
    refreshToken(request) {
      const value = request.cookies[refreshName];
      return value === undefined || value === '' ? undefined : value;
    },
    find(request) {
      for (const [kind, cookieName] of lookupNames) {
        const value = request.cookies[cookieName];
        if (value !== undefined && value !== '') return { kind, value };
      }
      return undefined;
    },
    findAll(request) {
      const found: Array<{ kind: CookieKind; value: string }> = [];
      for (const kind of LOOKUP_ORDER) {
        const value = request.cookies[name(kind)];
        if (value !== undefined && value !== '') found.push({ kind, value });
      }
      return found;
    },
  };
  fastify.decorate('sessionCookies', cookies);
}

export default fp(sessionCookies, { name: 'session-cookies', fastify: '5.x' });

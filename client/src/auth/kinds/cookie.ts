/**
 * The client side of the three cookie kinds, `cookie-jwt`, `session` and `hybrid`. From the SPA's side they
 * are one and the same: the credential (a JWT, or a random session id) is in an httpOnly cookie that the
 * browser attaches to every request to /api by itself, and that no page script can read. So this code never
 * sees it. What it holds instead came from the server's answers: who, which role, until when (`expiresAt`),
 * and the CSRF token it must send back in `X-CSRF-Token` on every state-changing request, because a cookie is
 * also attached to requests that another page makes the browser send (server/src/plugins/csrf.ts).
 *
 * The price of not seeing the credential shows after a reload: nothing in the page says whether a session is
 * still alive. The only way to know is to ask the server (GET /api/me), and for the table kinds that question
 * is a read of the session table: the lesson about stateful sessions.
 */
import { AxiosError, type AxiosHeaders } from 'axios';
import {
  API_PATHS,
  COOKIE_KINDS,
  CSRF_HEADER,
  isCookieKind,
  isSessionEndingCode,
  type CookieKind,
  type CookieLoginResponse,
  type CsrfResponse,
  type ErrorBody,
  ErrorCode,
  type MeResponse,
} from '@session-lab/shared';
import { api, serverAnswerOf, type ServerAnswer } from '../../lib/api';
import { nextSessionId, type CookieSession } from '../clientSession';

/**
 * A note that this browser signed in with a cookie kind, so that a reloaded page knows it should ask the
 * server. It holds only the kind: nothing in it could be replayed. It lives in localStorage, not in
 * sessionStorage like the bearer token, because the cookie jar it stands for is shared by every tab.
 */
export const COOKIE_SESSION_HINT_KEY = 'session-lab.cookie-session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What asking the server after a reload found. */
export type CookieRestore =
  | { outcome: 'signed-in'; session: CookieSession; answer: ServerAnswer }
  /** The server refused the cookie it was sent, and said why (a session-ending code). */
  | { outcome: 'refused'; code: ErrorCode; endsSession: boolean; answer: ServerAnswer }
  /** The server could not be reached, or failed: nothing is known, and the page starts signed out. */
  | { outcome: 'unreachable' };

export const cookieSide = {
  fromSignIn(answer: CookieLoginResponse): CookieSession {
    return {
      id: nextSessionId(),
      kind: answer.kind,
      username: answer.user.username,
      role: answer.user.role,
      expiresAt: Date.parse(answer.expiresAt),
      csrfToken: answer.csrfToken,
    };
  },

  /** The cookie kind this browser signed in with last, if it has not signed out since. */
  hint(): CookieKind | null {
    try {
      const stored = window.localStorage.getItem(COOKIE_SESSION_HINT_KEY);
      return (COOKIE_KINDS as readonly (string | null)[]).includes(stored) ? (stored as CookieKind) : null;
    } catch {
      return null;
    }
  },

  keep(session: CookieSession): void {
    try {
      window.localStorage.setItem(COOKIE_SESSION_HINT_KEY, session.kind);
    } catch {
      // Without storage, a reload starts signed out: the cookie is still there, but nobody asks about it.
    }
  },

  forget(): void {
    try {
      window.localStorage.removeItem(COOKIE_SESSION_HINT_KEY);
    } catch {
      // Nothing was stored, so there is nothing to forget.
    }
  },

  /** The browser attaches the cookie itself; only a state-changing request needs the CSRF token as well. */
  decorate(session: CookieSession, headers: AxiosHeaders, method: string): void {
    if (!SAFE_METHODS.has(method) && session.csrfToken !== null) headers.set(CSRF_HEADER, session.csrfToken);
  },

  /** Signing out changes state too, so another site must not be able to do it: it carries the CSRF token. */
  signOutHeaders(session: CookieSession): Record<string, string> {
    return session.csrfToken === null ? {} : { [CSRF_HEADER]: session.csrfToken };
  },

  /**
   * After a reload: "is my session still alive, and whose is it?" (GET /api/me), then a fresh CSRF token
   * (GET /api/auth/csrf), since the one from the sign-in lived in memory and is gone. Both requests are
   * `anonymous` for the interceptors, because there is no session in the page yet to check or to add; the
   * browser adds the cookie on its own.
   */
  async ask(): Promise<CookieRestore> {
    try {
      const response = await api.get<MeResponse>(API_PATHS.me, { anonymous: true });
      const me = response.data;
      if (!isCookieKind(me.kind)) return { outcome: 'unreachable' };
      const csrfToken = await api
        .get<CsrfResponse>(API_PATHS.csrf, { anonymous: true })
        .then(({ data }) => data.csrfToken)
        // Without it the session still reads; state-changing requests will be refused (CSRF_REJECTED) and say so.
        .catch(() => null);
      return {
        outcome: 'signed-in',
        session: { id: nextSessionId(), kind: me.kind, username: me.username, role: me.role, expiresAt: Date.parse(me.expiresAt), csrfToken },
        answer: serverAnswerOf(response),
      };
    } catch (error) {
      if (error instanceof AxiosError && error.response?.status === 401) {
        const code = (error.response.data as Partial<ErrorBody> | undefined)?.code ?? 'TOKEN_MISSING';
        // On a page load, no cookie at all (TOKEN_MISSING) only means the browser dropped it while the page was
        // closed: there is no session to end, so no popup. During a session the same code does end it (api.ts).
        const endsSession = code !== ErrorCode.TOKEN_MISSING && isSessionEndingCode(code);
        return { outcome: 'refused', code, endsSession, answer: serverAnswerOf(error.response) };
      }
      return { outcome: 'unreachable' };
    }
  },
};

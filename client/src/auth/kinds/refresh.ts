/**
 * The client side of the `refresh` kind: a short-lived access token the page holds and sends like a bearer
 * token, renewed silently with a refresh token the page never sees (an httpOnly cookie that the browser sends
 * to POST /api/auth/refresh and nowhere else).
 *
 * Where the access token is kept: in memory only (the session object in the AuthProvider), not in
 * sessionStorage like the bearer token. The refresh cookie already survives a reload and is shared by every
 * tab, so a reloaded page or a new tab gets a fresh access token by asking the refresh route (GET for the CSRF
 * token, then POST), and nothing worth stealing stays behind in storage. The price is one refresh per reload
 * and per new tab. What this does NOT protect against: a script injected into the page (XSS) can still call the
 * refresh route itself while the page is open. Short access tokens and rotation limit what it can carry away.
 *
 * What is kept in localStorage is only a note that this browser has a refresh sign-in, so a reloaded page knows
 * to ask; nothing in it could be replayed.
 */
import { AxiosError, type AxiosHeaders } from 'axios';
import {
  API_PATHS,
  CSRF_HEADER,
  ErrorCode,
  isSessionEndingCode,
  type CsrfResponse,
  type ErrorBody,
  type RefreshBody,
  type RefreshLoginResponse,
  type RefreshResponse,
  type SessionEndingCode,
} from '@session-lab/shared';
import { api, serverAnswerOf, type ServerAnswer } from '../../lib/api';
import { decodeToken } from '../../lib/token';
import { nextSessionId, type RefreshSession } from '../clientSession';

export const REFRESH_SESSION_HINT_KEY = 'session-lab.refresh-session';

/** Why a refresh failed: a session-ending code from the refresh route, or its CSRF check refusing it. */
export type RefreshFailureCode = SessionEndingCode | typeof ErrorCode.CSRF_REJECTED;

export type RefreshOutcome =
  | { outcome: 'renewed'; session: RefreshSession; answer: ServerAnswer }
  | { outcome: 'refused'; code: RefreshFailureCode; answer: ServerAnswer }
  /** No answer, or one that says nothing about the session (a 5xx): nothing is known, nothing changes. */
  | { outcome: 'unreachable' };

function sessionFrom(token: string, csrfToken: string, refreshExpiresAt: string): RefreshSession | null {
  const decoded = decodeToken(token);
  if (!decoded) return null;
  const { sub, role, exp } = decoded.claims;
  return {
    id: nextSessionId(),
    kind: 'refresh',
    username: sub,
    role,
    expiresAt: exp * 1000,
    token,
    decoded,
    refreshExpiresAt: Date.parse(refreshExpiresAt),
    csrfToken,
  };
}

function failureOf(error: unknown): RefreshOutcome {
  if (error instanceof AxiosError && (error.response?.status === 401 || error.response?.status === 403)) {
    const code = (error.response.data as Partial<ErrorBody> | undefined)?.code;
    const known: RefreshFailureCode =
      code === ErrorCode.CSRF_REJECTED ? code : isSessionEndingCode(code) ? code : ErrorCode.SESSION_UNKNOWN;
    return { outcome: 'refused', code: known, answer: serverAnswerOf(error.response) };
  }
  return { outcome: 'unreachable' };
}

/** POST /api/auth/refresh: spends the refresh token in the cookie (the browser adds it) for a new pair. */
async function postRefresh(csrfToken: string, ttlSeconds: number | undefined): Promise<RefreshOutcome> {
  try {
    const response = await api.post<RefreshResponse>(API_PATHS.refresh, ttlSeconds === undefined ? undefined : ({ ttlSeconds } satisfies RefreshBody), {
      // Not through the session interceptors: this request carries no access token, and a refusal here is
      // handled by the caller, which knows it was a refresh.
      anonymous: true,
      headers: { [CSRF_HEADER]: csrfToken },
    });
    const session = sessionFrom(response.data.token, csrfToken, response.data.refreshExpiresAt);
    if (session === null) return { outcome: 'unreachable' };
    return { outcome: 'renewed', session, answer: serverAnswerOf(response) };
  } catch (error) {
    return failureOf(error);
  }
}

export const refreshSide = {
  fromSignIn(answer: RefreshLoginResponse): RefreshSession | null {
    return sessionFrom(answer.token, answer.csrfToken, answer.refreshExpiresAt);
  },

  /** Exchanges the refresh token for a new access token (and, in the cookie, a new refresh token). */
  renew(session: RefreshSession, ttlSeconds: number | undefined): Promise<RefreshOutcome> {
    return postRefresh(session.csrfToken, ttlSeconds);
  },

  /**
   * A reloaded page or a new tab: the access token is gone (it lived in memory), the refresh cookie is not.
   * GET /api/auth/refresh gives the family's CSRF token, then a refresh gives an access token.
   */
  async restore(ttlSeconds: number | undefined): Promise<RefreshOutcome> {
    let csrfToken: string;
    try {
      csrfToken = (await api.get<CsrfResponse>(API_PATHS.refresh, { anonymous: true })).data.csrfToken;
    } catch (error) {
      return failureOf(error);
    }
    return postRefresh(csrfToken, ttlSeconds);
  },

  /** True when this browser signed in with the refresh kind and has not signed out since. */
  hint(): boolean {
    try {
      return window.localStorage.getItem(REFRESH_SESSION_HINT_KEY) === 'refresh';
    } catch {
      return false;
    }
  },

  keep(): void {
    try {
      window.localStorage.setItem(REFRESH_SESSION_HINT_KEY, 'refresh');
    } catch {
      // Without storage, a reload starts signed out: the cookie is still there, but nobody asks about it.
    }
  },

  forget(): void {
    try {
      window.localStorage.removeItem(REFRESH_SESSION_HINT_KEY);
    } catch {
      // Nothing was stored, so there is nothing to forget.
    }
  },

  /** The access token travels like a bearer token; the browser never adds it by itself, so it needs no CSRF token. */
  decorate(session: RefreshSession, headers: AxiosHeaders): void {
    headers.set('Authorization', `Bearer ${session.token}`);
  },

  /**
   * Signing out is DELETE /api/auth/refresh, which the refresh cookie authenticates: it revokes the family even
   * when the access token has already expired. A state change made with a cookie, so it carries the CSRF token.
   */
  signOutHeaders(session: RefreshSession): Record<string, string> {
    return { [CSRF_HEADER]: session.csrfToken };
  },
};

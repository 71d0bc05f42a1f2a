import axios, { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import {
  ErrorCode,
  type SessionKind,
  isSessionEndingCode,
  TOKEN_CHECK_HEADER,
  TOKEN_CHECK_RESULTS,
  type ErrorBody,
  type SessionEndingCode,
  type TokenCheckResult,
} from '@session-lab/shared';
import { parseServerTiming, type ServerTrace } from './serverTiming';

declare module 'axios' {
  interface AxiosRequestConfig {
    /**
     * Marks a request that must go out without the session's credential being added or checked: signing in,
     * signing out (which carries the credential it ends itself) and the reload question to GET /api/me.
     */
    anonymous?: boolean;
    /** Set by the request interceptor: the local id of the session this request was sent with. */
    sentWith?: number;
    /** Set on the one retry of a request the server refused with TOKEN_EXPIRED after a silent refresh. */
    retriedAfterRefresh?: boolean;
  }
}

/** The session as the interceptors need it: which one it is (a local id), and what kind. */
export interface BridgeSession {
  id: number;
  kind: SessionKind;
}

/**
 * How the interceptors reach React. Interceptors are plain functions that run outside any component, so they
 * cannot call hooks. Instead, the AuthProvider registers these callbacks when it mounts (auth/useApiBridge.ts);
 * the interceptors call them, and the provider updates its state, navigates and opens the dialog. No page
 * reload is needed, and the provider stays the only place that changes the session.
 */
export interface SessionBridge {
  /** The live session, or null when signed out. */
  current(): BridgeSession | null;
  /**
   * Runs the client-side expiry check; returns false (and has already ended the session) if it failed. A
   * session that can renew itself (the `refresh` kind) answers with a promise instead when its access token
   * has expired: the request waits for the silent refresh, and goes out with the new token if it worked.
   */
  checkBeforeRequest(url: string): boolean | Promise<boolean>;
  /**
   * Adds what the session's kind sends with a request: `Authorization: Bearer …` for a bearer token, the
   * `X-CSRF-Token` on a state-changing request of a cookie kind (the cookie itself the browser adds).
   */
  decorate(headers: AxiosHeaders, method: string): void;
  /** The server refused the session a request was sent with; the server is the authority, so it ends. */
  onRefused(sentWith: number, code: SessionEndingCode, url: string, answer: ServerAnswer): void;
  /**
   * The server answered TOKEN_EXPIRED to a request of a session that can renew itself: a promise that resolves
   * true once a fresh access token is there (a silent refresh, or one that already happened), so the request can
   * be sent again. Null for every other session: the refusal then ends it as usual.
   */
  renewAfterExpiry(sentWith: number, url: string, answer: ServerAnswer): Promise<boolean> | null;
  /** The server accepted it; reported so the timeline can show the server's side too. */
  onAccepted(sentWith: number, url: string, answer: ServerAnswer): void;
}

/** What the server said about its session check, from its response headers. */
export interface ServerAnswer {
  /** The older header the JWT kinds answer with. */
  serverCheck: TokenCheckResult | undefined;
  /** The `Server-Timing` metrics: kind, signature, session table, verdict. */
  server: ServerTrace | undefined;
}

let bridge: SessionBridge | null = null;

export function connectSession(next: SessionBridge): () => void {
  bridge = next;
  return () => {
    if (bridge === next) bridge = null;
  };
}

/** Thrown instead of sending a request without a live session: an expired session never leaves the browser. */
export class SessionExpiredError extends Error {
  constructor() {
    super('The request was not sent: there is no session, or it has expired.');
    this.name = 'SessionExpiredError';
  }
}

/**
 * One axios instance for the whole SPA, so every request goes through the same two interceptors. It calls
 * the API on the page's own origin, so the browser attaches the session cookies of the cookie kinds by itself.
 */
export const api = axios.create({
  headers: { Accept: 'application/json' },
  timeout: 10_000,
});

/** Reads what the server said it did about the session from a response (or an error's response). */
export function serverAnswerOf(response: AxiosResponse | undefined): ServerAnswer {
  const value: unknown = response?.headers?.[TOKEN_CHECK_HEADER];
  return {
    serverCheck: (TOKEN_CHECK_RESULTS as readonly unknown[]).includes(value) ? (value as TokenCheckResult) : undefined,
    server: parseServerTiming(response?.headers?.['server-timing']),
  };
}

/** Adds the live session's credential to a request, and notes which session it was sent with. */
function attachSession(config: InternalAxiosRequestConfig, connected: SessionBridge): InternalAxiosRequestConfig {
  const session = connected.current();
  if (!session) throw new SessionExpiredError();
  const headers = AxiosHeaders.from(config.headers);
  connected.decorate(headers, (config.method ?? 'get').toUpperCase());
  config.headers = headers;
  config.sentWith = session.id;
  return config;
}

/**
 * Step 3 of the story, on the request side: before a request leaves, check the session's expiry (a token's
 * `exp`, or the `expiresAt` the server gave a cookie session). An expired session is never used; the request
 * fails with SessionExpiredError and the session ends here, in the browser. The same check runs for every kind,
 * with one difference for the `refresh` kind: an expired access token is renewed silently first (the check
 * answers with a promise), and the request waits for that and leaves with the new token.
 */
export function attachSessionAndCheckExpiry(
  config: InternalAxiosRequestConfig,
): InternalAxiosRequestConfig | Promise<InternalAxiosRequestConfig> {
  if (config.anonymous || !bridge) return config;
  const connected = bridge;
  // Every request that is not marked anonymous needs the session. Without one (it has just been forgotten,
  // or it expired) the request is not sent at all.
  if (!connected.current()) throw new SessionExpiredError();
  const verdict = connected.checkBeforeRequest(config.url ?? '');
  if (verdict === false) throw new SessionExpiredError();
  if (verdict === true) return attachSession(config, connected);
  return verdict.then((renewed) => {
    if (!renewed) throw new SessionExpiredError();
    return attachSession(config, connected);
  });
}

export function reportAcceptedSession(response: AxiosResponse): AxiosResponse {
  const sentWith = response.config.sentWith;
  if (bridge && sentWith !== undefined) bridge.onAccepted(sentWith, response.config.url ?? '', serverAnswerOf(response));
  return response;
}

/**
 * Step 4 and 5 on the response side: the server checked the session and refused it (401). Whatever this
 * browser believed, the session is over. A network failure, a 5xx or a 403 (a role that may not do this, a
 * CSRF check that failed) is NOT a refusal of the session: it is passed on as an error for the page to show,
 * and the user stays signed in.
 */
export function endSessionOnRefusal(error: unknown): Promise<unknown> {
  if (bridge && error instanceof AxiosError && error.response?.status === 401) {
    const config = error.config;
    const sentWith = config?.sentWith;
    if (config !== undefined && sentWith !== undefined) {
      const code = (error.response.data as Partial<ErrorBody> | undefined)?.code;
      const url = config.url ?? '';
      const answer = serverAnswerOf(error.response);
      // The server's clock says the access token has expired, while ours did not yet (the two clocks differ a
      // little): a session that can renew itself does so, and the request is sent once more with the new token.
      if (code === ErrorCode.TOKEN_EXPIRED && !config.retriedAfterRefresh) {
        const renewal = bridge.renewAfterExpiry(sentWith, url, answer);
        if (renewal !== null) {
          return renewal.then((renewed) => (renewed ? api.request({ ...config, retriedAfterRefresh: true }) : Promise.reject(error)));
        }
      }
      // A 401 for a request that carried our session means the session was refused, whatever the body says.
      const reason = isSessionEndingCode(code) ? code : ErrorCode.TOKEN_INVALID;
      bridge.onRefused(sentWith, reason, url, answer);
    }
  }
  return Promise.reject(error);
}

api.interceptors.request.use(attachSessionAndCheckExpiry);
api.interceptors.response.use(reportAcceptedSession, endSessionOnRefusal);

/**
 * What the UI needs to know about a failed call: a code to translate and, when the server asked for it, how
 * long to wait. The server's `message` is deliberately left out: it is written in English for developers
 * (and for validation errors it is raw schema text), so the SPA words every failure itself, by code.
 * `REQUEST_NOT_SENT` is the SPA's own: the request interceptor held the request back (no live session).
 */
export type ApiFailureCode = ErrorCode | 'NETWORK_ERROR' | 'REQUEST_NOT_SENT';

export function describeApiError(error: unknown): { code: ApiFailureCode; retryAfterSeconds?: number } {
  if (error instanceof SessionExpiredError) return { code: 'REQUEST_NOT_SENT' };
  if (error instanceof AxiosError && error.response) {
    const body = error.response.data as Partial<ErrorBody> | undefined;
    const retryAfter = Number(error.response.headers?.['retry-after']);
    return {
      code: body?.code ?? ErrorCode.INTERNAL_ERROR,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: Math.ceil(retryAfter) } : {}),
    };
  }
  return { code: 'NETWORK_ERROR' };
}

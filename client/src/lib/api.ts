import axios, { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import {
  ErrorCode,
  isSessionEndingCode,
  TOKEN_CHECK_HEADER,
  TOKEN_CHECK_RESULTS,
  type ErrorBody,
  type SessionEndingCode,
  type TokenCheckResult,
} from '@session-lab/shared';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Marks a request that must go out without the session's token (signing in is one). */
    anonymous?: boolean;
  }
}

/**
 * How the interceptors reach React. Interceptors are plain functions that run outside any component, so they
 * cannot call hooks. Instead, the AuthProvider registers these callbacks when it mounts; the interceptors call
 * them, and the provider updates its state, navigates and opens the dialog. No page reload is needed, and
 * the provider stays the only place that changes the session.
 */
export interface SessionBridge {
  /** The token to send, or null when signed out. */
  getToken(): string | null;
  /** Runs the client-side expiry check; returns false (and has already ended the session) if it failed. */
  checkBeforeRequest(url: string): boolean;
  /** The server refused the token it was sent; the server is the authority, so the session ends. */
  onTokenRefused(sentToken: string, code: SessionEndingCode, url: string, serverCheck: TokenCheckResult | undefined): void;
  /** The server accepted the token; reported so the timeline can show the server's side too. */
  onTokenAccepted(url: string, serverCheck: TokenCheckResult | undefined): void;
}

let bridge: SessionBridge | null = null;

export function connectSession(next: SessionBridge): () => void {
  bridge = next;
  return () => {
    if (bridge === next) bridge = null;
  };
}

/** Thrown instead of sending a request without a live session: an expired token never leaves the browser. */
export class SessionExpiredError extends Error {
  constructor() {
    super('The request was not sent: there is no session, or its token has expired.');
    this.name = 'SessionExpiredError';
  }
}

/** One axios instance for the whole SPA, so every request goes through the same two interceptors. */
export const api = axios.create({
  headers: { Accept: 'application/json' },
  timeout: 10_000,
});

function bearerTokenOf(config: InternalAxiosRequestConfig | undefined): string | null {
  const value = config?.headers?.get?.('Authorization');
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice('Bearer '.length) : null;
}

function serverCheckOf(response: AxiosResponse | undefined): TokenCheckResult | undefined {
  const value: unknown = response?.headers?.[TOKEN_CHECK_HEADER];
  return (TOKEN_CHECK_RESULTS as readonly unknown[]).includes(value) ? (value as TokenCheckResult) : undefined;
}

/**
 * Step 3 of the story, on the request side: before a request leaves, check the token's expiry. An expired
 * token is never sent; the request fails with SessionExpiredError and the session ends here, in the browser.
 */
export function attachTokenAndCheckExpiry(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
  if (config.anonymous || !bridge) return config;
  // Every request that is not marked anonymous needs the session. Without a token (it has just been
  // forgotten, or it expired) the request is not sent at all.
  const token = bridge.getToken();
  if (!token || !bridge.checkBeforeRequest(config.url ?? '')) throw new SessionExpiredError();
  const headers = AxiosHeaders.from(config.headers);
  headers.set('Authorization', `Bearer ${token}`);
  config.headers = headers;
  return config;
}

export function reportAcceptedToken(response: AxiosResponse): AxiosResponse {
  if (bridge && bearerTokenOf(response.config)) {
    bridge.onTokenAccepted(response.config.url ?? '', serverCheckOf(response));
  }
  return response;
}

/**
 * Step 4 and 5 on the response side: the server re-verified the token and refused it (401). Whatever this
 * browser believed, the session is over. A network failure or a 5xx is NOT a refusal: it is passed on as an
 * error for the page to show, and the user stays signed in.
 */
export function endSessionOnRefusedToken(error: unknown): Promise<never> {
  if (bridge && error instanceof AxiosError && error.response?.status === 401) {
    const sentToken = bearerTokenOf(error.config);
    if (sentToken) {
      const code = (error.response.data as Partial<ErrorBody> | undefined)?.code;
      // A 401 for a request that carried our token means the token was refused, whatever the body says.
      const reason = isSessionEndingCode(code) ? code : ErrorCode.TOKEN_INVALID;
      bridge.onTokenRefused(sentToken, reason, error.config?.url ?? '', serverCheckOf(error.response));
    }
  }
  return Promise.reject(error);
}

api.interceptors.request.use(attachTokenAndCheckExpiry);
api.interceptors.response.use(reportAcceptedToken, endSessionOnRefusedToken);

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

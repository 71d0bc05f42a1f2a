import type { ErrorCode, SessionKind, TokenCheckResult } from '@session-lab/shared';
import { clock } from './clock';
import type { ServerTrace } from './serverTiming';

/** What made the SPA look at its token. The timeline shows this so students can compare the triggers. */
export type CheckTrigger =
  | 'page-load'
  | 'route-change'
  | 'request'
  | 'server-response'
  | 'timer'
  | 'tab-visible'
  | 'other-tab'
  | 'sign-in'
  | 'sign-out'
  /** A classroom experiment (the "steal the refresh token" button). */
  | 'demo';

/**
 * What a check found:
 * - `valid`: the token is still within its lifetime (client check) or the server accepted it;
 * - `expired-here`: this browser's clock says `exp` has passed;
 * - `refused-by-server`: the server answered 401 and said why in `code`;
 * - `signed-in` / `signed-out`: the session started or ended (signed out here or in another tab);
 * - `unreadable-token`: storage held something that is not a token this app could have received, so it was
 *   thrown away and the page started signed out;
 * - `asking-server`: a reloaded page had a cookie session, which it cannot see: it asks the server (GET /api/me);
 * - `sign-out-answered` / `sign-out-failed`: the server answered the sign-out call (what it could end depends on
 *   the kind), or the call failed; the browser forgot the session either way.
 * - `refreshed` / `refresh-failed`: a silent refresh of the `refresh` kind got a new access token, or the
 *   server refused it (`code` says why) and the session ended;
 * - `refresh-replayed`: the classroom's thief sent a copy of the refresh token; `code` is what it was told.
 */
export type CheckResult =
  | 'valid'
  | 'expired-here'
  | 'refused-by-server'
  | 'signed-in'
  | 'signed-out'
  | 'unreadable-token'
  | 'asking-server'
  | 'sign-out-answered'
  | 'sign-out-failed'
  | 'refreshed'
  | 'refresh-failed'
  | 'refresh-replayed';

export interface SessionEvent {
  id: number;
  /** The time the check used: the demo clock, which the classroom controls may have shifted (ms since the epoch). */
  at: number;
  /**
   * When it really happened (`clock.realNow()`, stamped by this store). The timeline shows this one, so its order
   * reads right even after the demo clock was moved, and shows `at` beside it when the two differ.
   */
  realAt: number;
  trigger: CheckTrigger;
  result: CheckResult;
  /** The server's error code, when the server refused the token. */
  code?: ErrorCode;
  /** What the server said it verified, read from its response header (JWT kinds only). */
  serverCheck?: TokenCheckResult;
  /** The kind of session the check was about, when there was one. */
  kind?: SessionKind;
  /** What the server did for this request (signature, session table, verdict), from its Server-Timing header. */
  server?: ServerTrace;
  /** The path (for route changes) or the API URL (for requests) the check belonged to. */
  target?: string;
}

type Listener = () => void;

/** How many events the timeline keeps; older ones drop off so a long class does not grow memory. */
export const SESSION_EVENT_LIMIT = 50;

const listeners = new Set<Listener>();
let history: readonly SessionEvent[] = [];
let nextId = 1;

/**
 * A tiny store with change notifications (the shape `useSyncExternalStore` expects). The session code reports
 * every check here (through auth/reports.ts); the classroom timeline listens. Keeping it
 * separate means the session logic does not depend on any of the teaching UI.
 */
export const sessionEvents = {
  emit(event: Omit<SessionEvent, 'id' | 'realAt'>): void {
    const full = { ...event, id: nextId++, realAt: clock.realNow() };
    // The history is kept here, not in the timeline, because the timeline loads lazily: checks made before
    // it was opened must still be there when it appears.
    history = [full, ...history].slice(0, SESSION_EVENT_LIMIT);
    for (const listener of listeners) listener();
  },
  /** The most recent events, newest first. The array is replaced (never mutated) on every change. */
  history(): readonly SessionEvent[] {
    return history;
  },
  clear(): void {
    history = [];
    for (const listener of listeners) listener();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/**
 * What the session code tells the classroom timeline, one function per moment. Every report carries the kind
 * of session it was about and, when the server answered, what the server did (its `Server-Timing` metrics), so
 * the timeline can set the kinds side by side. Only lib/sessionEvents is written to: the session code never
 * depends on the teaching UI that reads it.
 */
import { API_PATHS, type ErrorCode, type SessionKind } from '@session-lab/shared';
import type { ServerAnswer } from '../lib/api';
import { clock } from '../lib/clock';
import { sessionEvents, type CheckResult, type CheckTrigger } from '../lib/sessionEvents';

const withTarget = (target: string | undefined) => (target ? { target } : {});

function answerFields(answer: ServerAnswer | undefined) {
  return {
    ...(answer?.serverCheck ? { serverCheck: answer.serverCheck } : {}),
    ...(answer?.server ? { server: answer.server } : {}),
  };
}

export const reports = {
  /** A client-side check of `expiresAt` (step 3), and what it found. */
  check(kind: SessionKind, trigger: CheckTrigger, result: Extract<CheckResult, 'valid' | 'expired-here'>, target?: string): void {
    sessionEvents.emit({ at: clock.now(), trigger, result, kind, ...withTarget(target) });
  },
  /** The server's verdict on a request sent with the session (step 5). */
  serverAnswer(kind: SessionKind, url: string, answer: ServerAnswer, refusal?: ErrorCode): void {
    sessionEvents.emit({
      at: clock.now(),
      trigger: 'server-response',
      result: refusal === undefined ? 'valid' : 'refused-by-server',
      kind,
      target: url,
      ...(refusal === undefined ? {} : { code: refusal }),
      ...answerFields(answer),
    });
  },
  signedIn(kind: SessionKind): void {
    sessionEvents.emit({ at: clock.now(), trigger: 'sign-in', result: 'signed-in', kind });
  },
  signedOut(kind: SessionKind, trigger: Extract<CheckTrigger, 'sign-out' | 'other-tab'>): void {
    sessionEvents.emit({ at: clock.now(), trigger, result: 'signed-out', kind });
  },
  /** What the server said to the sign-out call; what it could end depends on the kind. */
  signOutAnswered(kind: SessionKind, url: string, answer: ServerAnswer | null): void {
    sessionEvents.emit({
      at: clock.now(),
      trigger: 'sign-out',
      result: answer === null ? 'sign-out-failed' : 'sign-out-answered',
      kind,
      target: url,
      ...answerFields(answer ?? undefined),
    });
  },
  /** Storage held something that is not a token this app could have received. */
  unreadableToken(): void {
    sessionEvents.emit({ at: clock.now(), trigger: 'page-load', result: 'unreadable-token', kind: 'bearer' });
  },
  /** A silent refresh gave the `refresh` session a new access token (and the cookie a new refresh token). */
  refreshed(trigger: CheckTrigger, answer: ServerAnswer): void {
    sessionEvents.emit({ at: clock.now(), trigger, result: 'refreshed', kind: 'refresh', target: API_PATHS.refresh, ...answerFields(answer) });
  },
  /** The server refused a silent refresh, and said why; the session ends with the popup. */
  refreshFailed(trigger: CheckTrigger, code: ErrorCode, answer: ServerAnswer): void {
    sessionEvents.emit({ at: clock.now(), trigger, result: 'refresh-failed', kind: 'refresh', target: API_PATHS.refresh, code, ...answerFields(answer) });
  },
  /** The classroom's thief replayed the refresh token; what the server answered to the copy. */
  replayed(code: ErrorCode | undefined, answer: ServerAnswer | undefined): void {
    sessionEvents.emit({
      at: clock.now(),
      trigger: 'demo',
      result: 'refresh-replayed',
      kind: 'refresh',
      target: API_PATHS.refresh,
      ...(code === undefined ? {} : { code }),
      ...answerFields(answer),
    });
  },
  /** A reloaded page with a cookie session asks the server, the only one who knows. */
  askingServer(kind: SessionKind, url: string): void {
    sessionEvents.emit({ at: clock.now(), trigger: 'page-load', result: 'asking-server', kind, target: url });
  },
};

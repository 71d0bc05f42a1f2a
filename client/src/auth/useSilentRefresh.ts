import { useCallback, useRef, type RefObject } from 'react';
import { clock } from '../lib/clock';
import type { CheckTrigger } from '../lib/sessionEvents';
import { demoPreferences } from '../lib/demoPreferences';
import type { ClientSession, RefreshSession } from './clientSession';
import { refreshSide, type RefreshFailureCode, type RefreshOutcome } from './kinds/refresh';
import { reports } from './reports';

/** The name of the Web Lock every tab of this origin takes before it spends the refresh token. */
export const REFRESH_LOCK_NAME = 'session-lab.refresh';

/**
 * Runs `work` while holding the refresh lock of this origin, so that no two tabs ever refresh at the same time.
 *
 * Why it matters: the tabs share one cookie jar, so they share one refresh token. If two tabs sent the same
 * token at once, the server would see a rotated token come back, take it for a stolen copy and end the session
 * in both (reuse detection, server/src/sessions/kinds/refresh.ts). With the lock, the second tab waits, and its
 * request leaves only after the first tab's answer has put the new refresh token into the jar: the browser
 * then sends that one. Each tab still gets its own access token; nothing has to be handed between tabs.
 *
 * The Web Locks API (`navigator.locks`) holds the lock until the promise settles and lets it go if the tab
 * closes. Where it does not exist (very old browsers, jsdom), tabs are not coordinated, and a refresh at the
 * same moment in two tabs can end the session: one tab at a time is still safe.
 */
export function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return work();
  return locks.request(REFRESH_LOCK_NAME, () => work()) as Promise<T>;
}

interface SilentRefreshOptions {
  sessionRef: RefObject<ClientSession | null>;
  keep(next: ClientSession): void;
  /** Ends the session with the popup, saying why the refresh failed. */
  endWithRefreshFailure(code: RefreshFailureCode): void;
}

/**
 * The silent-refresh job of the AuthProvider, for the `refresh` kind: gets a new access token when the old
 * one has expired, without the user noticing. Returns `renew(trigger)`, which resolves true once the session
 * holds a fresh access token, and false when it could not (the session has then ended with the popup, or, if
 * the server could not be reached, is left as it was).
 *
 * Single-flight: while one refresh is under way, every other caller gets the same promise. Ten requests that
 * find the token expired at once cause one refresh, and all ten go out after it with the new token. Without
 * this, the ten would each spend the refresh token, and the second would already count as reuse.
 */
export function useSilentRefresh({ sessionRef, keep, endWithRefreshFailure }: SilentRefreshOptions) {
  const inFlight = useRef<Promise<boolean> | null>(null);

  const settle = useCallback(
    (started: RefreshSession, trigger: CheckTrigger, result: RefreshOutcome): boolean => {
      // The user signed out or in again while the refresh was under way: its answer belongs to nobody now.
      if (sessionRef.current?.id !== started.id) return sessionRef.current !== null;
      if (result.outcome === 'renewed') {
        // "Expire now" moved the clock past the old access token's exp; that shift belonged to that token, so
        // the new one starts on the real clock (a deliberate skew stays). See lib/clock.ts.
        clock.startSession();
        keep(result.session);
        reports.refreshed(trigger, result.answer);
        return true;
      }
      if (result.outcome === 'refused') {
        reports.refreshFailed(trigger, result.code, result.answer);
        endWithRefreshFailure(result.code);
      }
      return false;
    },
    [sessionRef, keep, endWithRefreshFailure],
  );

  return useCallback(
    (trigger: CheckTrigger): Promise<boolean> => {
      if (inFlight.current !== null) return inFlight.current;
      const started = sessionRef.current;
      if (started === null || started.kind !== 'refresh') return Promise.resolve(false);
      const ttl = demoPreferences.ttl;
      const run = withRefreshLock(() => refreshSide.renew(started, ttl === '' ? undefined : Number(ttl)))
        .then((result) => settle(started, trigger, result))
        .finally(() => {
          inFlight.current = null;
        });
      inFlight.current = run;
      return run;
    },
    [sessionRef, settle],
  );
}

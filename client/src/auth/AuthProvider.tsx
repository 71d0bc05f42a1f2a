import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  startTransition,
  type ReactNode,
} from 'react';
import { useLocation } from 'react-router-dom';
import { API_PATHS, type LoginBody, type LoginResponse, type SessionEndingCode, type SessionKind } from '@session-lab/shared';
import { api, serverAnswerOf } from '../lib/api';
import { clock } from '../lib/clock';
import type { CheckTrigger } from '../lib/sessionEvents';
import { pathOf } from '../lib/returnPath';
import type { TabMessage } from '../lib/tabChannel';
import { ROUTES } from '../routes';
import { isSessionExpired, type ClientSession } from './clientSession';
import { useDemoTampering } from './demoTampering';
import { bearerSide } from './kinds/bearer';
import { cookieSide } from './kinds/cookie';
import { refreshSide, type RefreshFailureCode } from './kinds/refresh';
import { reports } from './reports';
import { useApiBridge } from './useApiBridge';
import { useNavigateWhenReady } from './useNavigateWhenReady';
import { useSessionState } from './useSessionState';
import { useSilentRefresh, withRefreshLock } from './useSilentRefresh';
import { useTabSync } from './useTabSync';
import { demoPreferences } from '../lib/demoPreferences';

/**
 * Why a session ended without the user asking. The popup names exactly this: expired by this browser's
 * clock (and which check noticed), refused by the server (expired by its clock, revoked, unknown, or not a
 * token it would accept), ended in another tab, or, for the `refresh` kind, a silent refresh the server
 * refused (the refresh token was reused, the family was revoked or timed out…).
 */
export type SessionEnd =
  | { kind: 'expired-here'; trigger: CheckTrigger; sessionKind: SessionKind }
  | { kind: 'refused-by-server'; code: SessionEndingCode }
  | { kind: 'other-tab'; why: TabMessage['why'] }
  | { kind: 'refresh-failed'; code: RefreshFailureCode };

/** Navigation state the login page reads to send the user back after signing in. */
export interface LoginLocationState {
  from?: string;
}

export interface AuthValue {
  /** The session of this tab, the same shape for every kind (auth/clientSession.ts), or null. */
  session: ClientSession | null;
  /**
   * The flag of the lesson ("la bandera"). It is true while the SPA holds a session. It does NOT turn false by
   * itself at `expiresAt`: it flips only when a check notices — on a route change, before a request, or when
   * the server refuses the session. Watching that gap is part of the lesson, for every kind.
   */
  authenticated: boolean;
  /** True while a reloaded page asks the server whether its cookie session is still alive (GET /api/me). */
  restoring: boolean;
  signIn(credentials: LoginBody): Promise<LoginResponse>;
  /**
   * Forgets the session here at once and tells the server, whatever the kind: POST /api/auth/logout, or for a
   * `refresh` sign-in DELETE /api/auth/refresh, which its refresh cookie authenticates.
   */
  signOut(): void;
  /**
   * Step 3: checks the session's expiry now; ends the session and returns false when it has passed. For the
   * `refresh` kind an expired access token does not end anything: a silent refresh starts, and this returns true.
   */
  checkExpiry(trigger: CheckTrigger, target?: string): boolean;
  /** The `refresh` kind only: renews the access token now (the classroom's "steal the refresh token" uses it). */
  renewSession(): Promise<boolean>;
  /** Set when the session ended on its own; the expired popup shows while it is set. */
  sessionEnd: SessionEnd | null;
  dismissSessionEnd(): void;
  /** Demo controls only (bearer, and a refresh sign-in's access token): swap the token for a rewritten one. See auth/demoTampering.ts. */
  replaceTokenForDemo(rewritten: string): void;
}

const AuthContext = createContext<AuthValue | null>(null);

/**
 * The one provider of the session, for every kind. It composes one hook per job, each in its own file:
 * state and storage (useSessionState), the redirect (useNavigateWhenReady), tab sync (useTabSync), the axios
 * bridge (useApiBridge), the timeline reports (reports.ts) and the demo tampering (demoTampering.ts); what
 * differs per kind is in kinds/bearer.ts, kinds/cookie.ts and kinds/refresh.ts. What stays here is the story itself: how a
 * session starts, how it is checked, and the one way every session ends.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const location = useLocation();
  const navigateWhenReady = useNavigateWhenReady();
  const state = useSessionState();
  const { sessionRef, keep, forgetNow, clear, finishRestoring } = state;
  const [sessionEnd, setSessionEnd] = useState<SessionEnd | null>(null);

  const locationRef = useRef(location);
  useLayoutEffect(() => {
    locationRef.current = location;
  }, [location]);

  /**
   * Ends the session and navigates in one step. React Router renders navigations as transitions; if the
   * session were cleared outside that transition, the protected page would re-render once without it and
   * its guard would redirect on its own. Putting both updates in the same transition makes React commit
   * them together: the flag flips and the new page appears in the same frame.
   */
  const leaveSession = useCallback(
    (to: string, options: { replace?: boolean; state?: LoginLocationState }, end: SessionEnd | null) => {
      forgetNow();
      startTransition(() => {
        clear();
        setSessionEnd(end);
      });
      navigateWhenReady(to, options);
    },
    [forgetNow, clear, navigateWhenReady],
  );

  /** To the login page, remembering where the user was, with the popup saying why. */
  const goToLogin = useCallback(
    (reason: SessionEnd, returnTo?: string) => {
      const from = returnTo ?? pathOf(locationRef.current);
      // `replace` swaps the page the user can no longer see for the login page, so Back does not lead to a
      // protected page that would only bounce them to the login page again.
      leaveSession(ROUTES.login.path, { replace: true, state: from.startsWith(ROUTES.login.path) ? {} : { from } }, reason);
    },
    [leaveSession],
  );

  const endSessionRef = useRef<(reason: SessionEnd, returnTo?: string) => void>(() => {});
  // checkExpiry is needed before the silent refresh can be built (which needs endSession); a ref joins them.
  const renewRef = useRef<(trigger: CheckTrigger) => Promise<boolean>>(() => Promise.resolve(false));
  const postToOtherTabs = useTabSync(
    useCallback((why: TabMessage['why']) => {
      const current = sessionRef.current;
      if (current === null) return;
      // "Session ended" is all this tab knows: the other tab may have signed out, expired or been refused.
      reports.signedOut(current.kind, 'other-tab');
      endSessionRef.current({ kind: 'other-tab', why });
    }, [sessionRef]),
  );

  /**
   * Step 4 of the story: flip the flag, forget the session, go to the login page remembering where the user
   * was, and open the popup. Many checks can fail at once (three requests refused together, a route change
   * and a request in the same tick); only the first finds a session to forget, so there is exactly one popup
   * and one redirect.
   */
  const endSession = useCallback(
    (reason: SessionEnd, returnTo?: string) => {
      if (sessionRef.current === null) return;
      // A message from another tab is not passed on again, or tabs would echo it back and forth.
      if (reason.kind !== 'other-tab') postToOtherTabs({ type: 'session-ended', why: 'ended' });
      goToLogin(reason, returnTo);
    },
    [sessionRef, postToOtherTabs, goToLogin],
  );
  useLayoutEffect(() => {
    endSessionRef.current = endSession;
  }, [endSession]);

  /**
   * POST /api/auth/logout with the session being ended, for every way the page ends a session itself (signing
   * out, or a check that found it expired). The page has already forgotten the session, so a failed call still
   * leaves this tab signed out; the timeline shows what the server answered.
   */
  const tellServerItEnded = useCallback((ended: ClientSession) => {
    // The refresh kind signs out on the refresh route, whose cookie names the family to revoke: it works even
    // when the access token has already expired (server/src/routes/api/auth/refresh.ts).
    const url = ended.kind === 'refresh' ? API_PATHS.refresh : API_PATHS.logout;
    const headers =
      ended.kind === 'bearer'
        ? bearerSide.signOutHeaders(ended)
        : ended.kind === 'refresh'
          ? refreshSide.signOutHeaders(ended)
          : cookieSide.signOutHeaders(ended);
    // No body at all (`undefined`, not `null`): axios would label a null body as a form, which the API refuses.
    const call = ended.kind === 'refresh' ? api.delete(url, { anonymous: true, headers }) : api.post(url, undefined, { anonymous: true, headers });
    call.then(
      (response) => reports.signOutAnswered(ended.kind, url, serverAnswerOf(response)),
      () => reports.signOutAnswered(ended.kind, url, null),
    );
  }, []);

  const checkExpiry = useCallback(
    (trigger: CheckTrigger, target?: string): boolean => {
      const current = sessionRef.current;
      if (!current) return false;
      if (!isSessionExpired(current, clock.now())) {
        reports.check(current.kind, trigger, 'valid', target);
        return true;
      }
      reports.check(current.kind, trigger, 'expired-here', target);
      // Only the access token has expired: renew it in the background, and let the page go on. Its requests
      // wait for that refresh (single-flight), and a refresh that fails ends the session with the popup.
      if (current.kind === 'refresh') {
        void renewRef.current(trigger);
        return true;
      }
      // A cookie session has a server side this page cannot simply forget: the httpOnly cookie stays in the
      // browser, and a session kind's row stays live on "My sessions" and the teacher's page. When the
      // browser decides on its own that the session is over (its clock, or "Expire now"), it asks the server
      // to end it too. A bearer token has nothing on the server to end, and is not sent again.
      if (current.kind !== 'bearer') tellServerItEnded(current);
      // On a route change or a page load the user was on their way to `target`: bring them back there.
      endSession(
        { kind: 'expired-here', trigger, sessionKind: current.kind },
        trigger === 'route-change' || trigger === 'page-load' ? target : undefined,
      );
      return false;
    },
    [sessionRef, endSession, tellServerItEnded],
  );

  const endWithRefusal = useCallback((code: SessionEndingCode) => endSession({ kind: 'refused-by-server', code }), [endSession]);
  const endWithRefreshFailure = useCallback((code: RefreshFailureCode) => endSession({ kind: 'refresh-failed', code }), [endSession]);
  const renew = useSilentRefresh({ sessionRef, keep, endWithRefreshFailure });

  /** The request-time check: for an expired refresh session, the request waits for the silent refresh. */
  const checkBeforeRequest = useCallback(
    (url: string): boolean | Promise<boolean> => {
      const current = sessionRef.current;
      if (current?.kind !== 'refresh' || !isSessionExpired(current, clock.now())) return checkExpiry('request', url);
      reports.check(current.kind, 'request', 'expired-here', url);
      return renew('request');
    },
    [sessionRef, checkExpiry, renew],
  );
  useLayoutEffect(() => {
    renewRef.current = renew;
  }, [renew]);
  useApiBridge({ sessionRef, checkBeforeRequest, renew, endWithRefusal, keep });
  const renewSession = useCallback(() => renew('request'), [renew]);

  // What the page found when it loaded: a token it had to throw away, or a cookie session to ask about.
  const { initial } = state;
  const asked = useRef(false);
  useEffect(() => {
    if (initial.discardedToken) reports.unreadableToken();
    const kind = initial.askServerAbout;
    // Asked once per page load, even where StrictMode runs this effect twice.
    if (kind === null || asked.current) return;
    asked.current = true;
    if (kind === 'refresh') {
      // The access token lived in memory and is gone; the refresh cookie is not. One refresh, under the lock
      // every tab takes, gives this page an access token of its own.
      reports.askingServer(kind, API_PATHS.refresh);
      const ttl = demoPreferences.ttl;
      void withRefreshLock(() => refreshSide.restore(ttl === '' ? undefined : Number(ttl))).then((found) => {
        finishRestoring();
        if (found.outcome === 'renewed') {
          keep(found.session);
          reports.refreshed('page-load', found.answer);
          return;
        }
        refreshSide.forget();
        if (found.outcome === 'unreachable') return;
        reports.refreshFailed('page-load', found.code, found.answer);
        // No refresh cookie any more (it expired with its family while the page was closed): simply signed out.
        if (found.code !== 'TOKEN_MISSING') goToLogin({ kind: 'refresh-failed', code: found.code });
      });
      return;
    }
    reports.askingServer(kind, API_PATHS.me);
    void cookieSide.ask().then((found) => {
      finishRestoring();
      if (found.outcome === 'signed-in') {
        reports.serverAnswer(found.session.kind, API_PATHS.me, found.answer);
        keep(found.session);
        return;
      }
      if (found.outcome === 'unreachable') return;
      reports.serverAnswer(kind, API_PATHS.me, found.answer, found.code);
      cookieSide.forget();
      // A session that ended while the page was closed (revoked, timed out, forgotten by a restarted server)
      // ends the way every other does, popup included. A cookie the browser has already dropped (TOKEN_MISSING)
      // only means there is no session: the page simply starts signed out.
      if (found.endsSession) goToLogin({ kind: 'refused-by-server', code: found.code as SessionEndingCode });
    });
  }, [initial, keep, finishRestoring, goToLogin]);

  const signIn = useCallback(
    async (credentials: LoginBody): Promise<LoginResponse> => {
      const { data } = await api.post<LoginResponse>(API_PATHS.login, credentials, { anonymous: true });
      const next =
        data.kind === 'bearer' ? bearerSide.fromSignIn(data) : data.kind === 'refresh' ? refreshSide.fromSignIn(data) : cookieSide.fromSignIn(data);
      if (next === null) throw new Error('The server answered with a token this page cannot read.');
      clock.startSession(); // "Expire now" moved the clock for the old session only; see lib/clock.ts.
      keep(next);
      setSessionEnd(null);
      reports.signedIn(next.kind);
      return data;
    },
    [keep],
  );

  const signOut = useCallback(() => {
    const current = sessionRef.current;
    if (current === null) return;
    reports.signedOut(current.kind, 'sign-out');
    postToOtherTabs({ type: 'session-ended', why: 'signed-out' });
    leaveSession(ROUTES.home.path, {}, null);
    // The server is told for every kind, bearer included, so the timeline can show what it could end: a
    // table row is revoked, a JWT cookie only cleared, a bearer token nothing at all (a copy of it keeps
    // working until `exp`).
    tellServerItEnded(current);
  }, [sessionRef, postToOtherTabs, leaveSession, tellServerItEnded]);

  const replaceTokenForDemo = useDemoTampering(sessionRef, keep);
  const dismissSessionEnd = useCallback(() => setSessionEnd(null), []);

  const { session, restoring } = state;
  const value = useMemo<AuthValue>(
    () => ({
      session,
      authenticated: session !== null,
      restoring,
      signIn,
      signOut,
      checkExpiry,
      renewSession,
      sessionEnd,
      dismissSessionEnd,
      replaceTokenForDemo,
    }),
    [session, restoring, signIn, signOut, checkExpiry, renewSession, sessionEnd, dismissSessionEnd, replaceTokenForDemo],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) {
    throw new Error('useAuth() was called outside <AuthProvider>. Wrap the app (or the test) in <AuthProvider>.');
  }
  return value;
}
